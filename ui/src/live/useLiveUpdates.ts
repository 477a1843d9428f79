import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { BotStatusView } from '../api/types.js';
import { connectLive, type LiveState } from './connection.js';

export type { LiveState } from './connection.js';

/** Which cached queries (by their first key part) a read model's change makes stale. */
const AFFECTS: Record<string, readonly string[]> = {
  cases: ['cases', 'member_profiles', 'guild_overview', 'analytics'],
  case_timeline: ['case_timeline'],
  member_profiles: ['member_profiles'],
  activity_feed: ['activity_feed', 'analytics'],
  guild_overview: ['guild_overview'],
  audit_log: ['audit_log'],
  analytics: ['analytics'],
  access: ['access'],
  music_session: ['music_session'],
  music_history: ['music_history'],
  music_playlists: ['music_playlists'],
  music_library: ['music_library'],
  appeals: ['appeals'],
  approvals: ['approvals'],
  automod_rules: ['automod_rules'],
};

export const botStatusKey = ['bot-status'] as const;

const RmSchema = z.object({ model: z.string() });
const StatusSchema = z.union([z.object({ instanceId: z.string() }).passthrough(), z.object({ bot: z.object({ instanceId: z.string() }).passthrough().nullable() })]);

export type Live = { state: LiveState; reconnectedAt: number | null };

/**
 * Refetches by query-key prefix at once, with at most one refetch per prefix in flight: a change
 * that arrives meanwhile is remembered and refetched once that one is done (it may have been
 * read before the change was committed). A burst of batches costs two refetches, not one per
 * batch, and no change waits for a timer.
 */
export const liveRefresher = (refetch: (prefix: string) => Promise<unknown>): ((prefix: string) => void) => {
  const inFlight = new Set<string>();
  const again = new Set<string>();
  const refresh = (prefix: string): void => {
    if (inFlight.has(prefix)) {
      again.add(prefix);
      return;
    }
    inFlight.add(prefix);
    void refetch(prefix)
      .catch(() => undefined)
      .finally(() => {
        inFlight.delete(prefix);
        if (again.delete(prefix)) refresh(prefix);
      });
  };
  return refresh;
};

/**
 * Follows the guild's SSE stream: each `rm` notification refetches the queries built on that
 * read model (at once; see liveRefresher for bursts); `bot-status` updates
 * the bot indicator in place. After a reconnect every active query refetches: notifications sent
 * while the stream was down may be missed, so nothing on screen is trusted until it is asked again
 * (the server also replays what changed after the Last-Event-ID EventSource sends). Likewise once
 * at the first `hello`: a change committed between the page's first reads and the server's
 * subscription would otherwise stay unseen (a case page opened as its lift landed). `closed` (the
 * session ended or lost the guild) stops it and asks for a login.
 */
export const useLiveUpdates = (guildId: string | undefined): Live => {
  const client = useQueryClient();
  const [live, setLive] = useState<Live>({ state: 'connecting', reconnectedAt: null });
  useEffect(() => {
    if (!guildId) return;
    const refresh = liveRefresher((prefix) => client.invalidateQueries({ queryKey: [prefix, guildId] }));
    const conn = connectLive(`/api/guilds/${guildId}/live`, {
      onState: (state) => setLive((l) => (l.state === state ? l : { ...l, state })),
      onReconnect: () => {
        void client.invalidateQueries();
        setLive({ state: 'live', reconnectedAt: Date.now() });
      },
      // The page's first reads may predate the server's subscription: asked again once, quietly.
      onSubscribed: () => void client.invalidateQueries(),
      onEvent: (type, data) => {
        if (type === 'closed') {
          // The session ended or lost the guild: stop, and let the app ask for a login.
          conn.close();
          setLive({ state: 'down', reconnectedAt: null });
          void client.invalidateQueries({ queryKey: ['me'] });
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          return; // A malformed notification only costs a refresh.
        }
        if (type === 'rm') {
          const rm = RmSchema.safeParse(json);
          if (!rm.success) return;
          for (const prefix of AFFECTS[rm.data.model] ?? []) refresh(prefix);
          return;
        }
        const s = StatusSchema.safeParse(json);
        if (!s.success) return;
        const status = 'instanceId' in s.data ? s.data : s.data.bot;
        if (status) client.setQueryData(botStatusKey, status as unknown as BotStatusView);
      },
    });
    return () => {
      conn.close();
      setLive({ state: 'connecting', reconnectedAt: null });
    };
  }, [guildId, client]);
  return live;
};
