import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BotStatusView } from '../api/types.js';

export type LiveState = 'connecting' | 'live' | 'offline';

/** Which cached queries (by their first key part) a read model's change makes stale. */
const AFFECTS: Record<string, readonly string[]> = {
  cases: ['cases', 'member_profiles', 'guild_overview'],
  case_timeline: ['case_timeline'],
  member_profiles: ['member_profiles'],
  activity_feed: ['activity_feed'],
  guild_overview: ['guild_overview'],
  audit_log: ['audit_log'],
  access: ['access'],
};

export const botStatusKey = ['bot-status'] as const;

/**
 * Follows the guild's SSE stream: each `rm` notification invalidates the queries built on that
 * read model (coalesced over 250 ms, so a burst of batches refetches once); `bot-status` updates
 * the bot indicator in place. EventSource reconnects by itself after a drop, sending the last
 * event id (the server then replays what changed); on every reconnect the guild's queries are
 * refetched too. `closed` (the session ended or lost the guild) stops it and asks for a login.
 */
export const useLiveUpdates = (guildId: string | undefined): LiveState => {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!guildId) return;
    const source = new EventSource(`/api/guilds/${guildId}/live`);
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      for (const prefix of pending) void client.invalidateQueries({ queryKey: [prefix, guildId] });
      pending.clear();
    };
    let opened = false;
    source.onopen = () => {
      // A reconnect: whatever the page shows may be older than what the stream resumes from.
      if (opened) void client.invalidateQueries({ predicate: (q) => q.queryKey[1] === guildId });
      opened = true;
      setState('live');
    };
    source.addEventListener('closed', () => {
      source.close();
      setState('offline');
      void client.invalidateQueries({ queryKey: ['me'] });
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.addEventListener('rm', (e) => {
      try {
        const { model } = JSON.parse((e as MessageEvent<string>).data) as { model: string };
        for (const prefix of AFFECTS[model] ?? []) pending.add(prefix);
        timer ??= setTimeout(flush, 250);
      } catch {
        // A malformed notification only costs a refresh.
      }
    });
    const onStatus = (e: Event) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { bot?: BotStatusView | null } & Partial<BotStatusView>;
        const status = 'instanceId' in data ? (data as BotStatusView) : (data.bot ?? null);
        if (status) client.setQueryData(botStatusKey, status);
      } catch {
        // Ignored: the overview still shows the last status it fetched.
      }
    };
    source.addEventListener('bot-status', onStatus);
    source.addEventListener('hello', onStatus);
    return () => {
      clearTimeout(timer);
      source.close();
      setState('connecting');
    };
  }, [guildId, client]);
  return state;
};
