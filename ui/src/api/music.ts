import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LibraryTrackView, MusicHistoryLine, MusicSessionView, Page, PlaylistView } from '@guildhall/projections';
import { musicKeys } from './music-keys.js';
import { newKey } from '../components/bits.js';
import { ApiError, apiGet, type CommandResponse } from './client.js';

export type { LibraryTrackView, MusicHistoryLine, MusicSessionView, PlaylistView };

/** One action of the remote (`POST /music/control`, operationId controlMusic). */
export type MusicAction =
  | { action: 'queue'; trackId: string; placement?: 'end' | 'next' }
  | { action: 'queueUrl'; url: string; title?: string }
  | { action: 'skip'; entryId: string | null }
  | { action: 'previous' | 'pause' | 'resume' | 'stop' | 'shuffle' | 'clear' | 'undo' }
  | { action: 'seek'; positionMs: number }
  | { action: 'volume'; volume: number }
  | { action: 'loop'; mode: 'off' | 'track' | 'queue' }
  | { action: 'remove'; entryId: string }
  | { action: 'move'; entryId: string; to: number }
  | { action: 'loadPlaylist' | 'deletePlaylist'; name: string }
  | { action: 'rules'; rules: MusicSessionView['rules'] };

export type MusicCommandResponse = CommandResponse & { verb?: string };

export { musicKeys };

const base = (g: string) => `/api/guilds/${g}/music`;

export const useMusicSession = (g: string) => useQuery({ queryKey: musicKeys.session(g), queryFn: () => apiGet<MusicSessionView>(base(g)) });
export const useMusicHistory = (g: string) => useQuery({ queryKey: musicKeys.history(g), queryFn: () => apiGet<Page<MusicHistoryLine>>(`${base(g)}/history?limit=30`) });
export const usePlaylists = (g: string) => useQuery({ queryKey: musicKeys.playlists(g), queryFn: () => apiGet<{ playlists: PlaylistView[] }>(`${base(g)}/playlists`) });
export const useLibrarySearch = (g: string, text: string) =>
  useQuery({ queryKey: musicKeys.library(g, text), queryFn: () => apiGet<{ tracks: LibraryTrackView[] }>(`${base(g)}/library?${new URLSearchParams({ text, limit: '25' })}`) });

const post = async (path: string, body: BodyInit, headers: Record<string, string>): Promise<MusicCommandResponse> => {
  const key = newKey();
  const res = await fetch(path, { method: 'POST', headers: { 'x-guildhall-csrf': '1', 'idempotency-key': key, 'x-correlation-id': key, ...headers }, body });
  const data: unknown = await res.json().catch(() => null);
  if (typeof data === 'object' && data !== null && 'status' in data && 'commandId' in data) return data as MusicCommandResponse;
  const e = typeof data === 'object' && data !== null && 'error' in data ? (data.error as { code?: string; reason?: string; field?: string }) : {};
  throw new ApiError(res.status, { code: e.code ?? `HTTP_${res.status}`, reason: e.reason ?? `the server answered ${res.status}`, ...(e.field ? { field: e.field } : {}) });
};

/** A rejection (409/422/403 with the domain's code) is an answer the remote shows, not a crash. */
const settle = (r: MusicCommandResponse): MusicCommandResponse => {
  if (r.status === 'rejected' || r.status === 'failed') throw new ApiError(409, r.error ?? { code: 'REJECTED', reason: 'refused' });
  return r;
};

/** Sends a remote action; the session and history refresh when their read models say so (SSE), and once now. */
export const useMusicControl = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (a: MusicAction) => settle(await post(`${base(g)}/control`, JSON.stringify(a), { 'content-type': 'application/json' })),
    onSettled: () => client.invalidateQueries({ queryKey: musicKeys.session(g) }),
  });
};

export const useSavePlaylist = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => settle(await post(`${base(g)}/playlists`, JSON.stringify({ name }), { 'content-type': 'application/json' })),
    onSettled: () => client.invalidateQueries({ queryKey: musicKeys.playlists(g) }),
  });
};

export const useUploadTrack = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.set('file', file, file.name);
      return settle(await post(`${base(g)}/uploads`, form, {}));
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['music_library', g] }),
  });
};
