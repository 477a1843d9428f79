import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.js';

/** A change between two moments of the guild's configuration (operationId diffGuildSettings). */
export type SettingsChange = { section: string; path: string; kind: 'added' | 'removed' | 'changed'; before: unknown; after: unknown };
export type GuildSettings = { guildId: string; at: string; sections: Record<string, unknown> };
export type GuildSettingsDiff = { guildId: string; from: string; to: string; changes: SettingsChange[] };
export type Forgotten = { commandId: string; memberId: string; status: 'accepted'; erasure: 'scheduled' };

export type Retention = { messageContentDays: number | null; setBy: string | null; setAt: string | null };

export const privacyKeys = {
  retention: (g: string) => ['retention', g] as const,
  settingsAsOf: (g: string, at: string) => ['settings_history', g, 'as-of', at] as const,
  settingsDiff: (g: string, from: string, to: string) => ['settings_history', g, 'diff', from, to] as const,
};

export const useGuildSettingsAsOf = (g: string, at: string) =>
  useQuery({ queryKey: privacyKeys.settingsAsOf(g, at), queryFn: () => apiGet<GuildSettings>(`/api/guilds/${g}/settings/as-of?at=${encodeURIComponent(at)}`) });

export const useGuildSettingsDiff = (g: string, from: string, to: string) =>
  useQuery({
    queryKey: privacyKeys.settingsDiff(g, from, to),
    queryFn: () => apiGet<GuildSettingsDiff>(`/api/guilds/${g}/settings/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  });

export const useRetention = (g: string) => useQuery({ queryKey: privacyKeys.retention(g), queryFn: () => apiGet<Retention>(`/api/guilds/${g}/retention`) });

/** setRetention: keep message content N days (null: keep it). The settings history shows the change. */
export const useSetRetention = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageContentDays: number | null) => apiSend<unknown>('PUT', `/api/guilds/${g}/retention`, { messageContentDays }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: privacyKeys.retention(g) }), client.invalidateQueries({ queryKey: ['settings_history', g] })]),
  });
};

/** "Forget me" (operationId forgetMe): the signed-in member's own erasure in a guild. Read models refresh as the eraser rebuilds them. */
export const useForgetMe = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<Forgotten>('POST', `/api/me/guilds/${g}/forget`),
    onSuccess: () => client.invalidateQueries(),
  });
};

/** An admin forgetting a member on their request (operationId forgetMember). */
export const useForgetMember = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiSend<Forgotten>('POST', `/api/guilds/${g}/members/${encodeURIComponent(userId)}/forget`),
    onSuccess: () => client.invalidateQueries(),
  });
};

/** One line of the settings diff, for people: `access · grants.g-1: added {…}`. */
export const describeChange = (c: SettingsChange): string => {
  const show = (v: unknown) => (v === null || v === undefined ? 'nothing' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const where = `${c.section} · ${c.path || '(all)'}`;
  if (c.kind === 'added') return `${where}: added ${show(c.after)}`;
  if (c.kind === 'removed') return `${where}: removed (was ${show(c.before)})`;
  return `${where}: ${show(c.before)} → ${show(c.after)}`;
};
