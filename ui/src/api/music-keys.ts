import type { MusicSessionView } from '@guildhall/projections';

/** Query keys start with the read model they come from, so `rm.<guild>.music_*` notices refresh exactly these. */
export const musicKeys = {
  session: (g: string) => ['music_session', g] as const,
  history: (g: string) => ['music_history', g] as const,
  playlists: (g: string) => ['music_playlists', g] as const,
  library: (g: string, text: string) => ['music_library', g, text] as const,
};

/** Where the track is at `nowMs`: `offsetMs + (now - startedAt)` unless paused or not started, clamped to its length. */
export const positionAt = (p: MusicSessionView['position'], durationMs: number | null, nowMs: number): number => {
  const raw = p.startedAt && !p.paused ? p.offsetMs + Math.max(0, nowMs - Date.parse(p.startedAt)) : p.offsetMs;
  return durationMs === null ? raw : Math.min(raw, durationMs);
};
