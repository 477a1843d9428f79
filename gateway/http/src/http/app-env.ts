import type { CommandBus, EventStore, Logger, StreamWaiter } from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';
import type { LevelResolver } from '../auth/level-resolver.js';
import type { SessionStore } from '../auth/session-store.js';
import type { BotStatusSource } from '../live/bot-status.js';
import type { ReadModelHub } from '../live/read-model-hub.js';
import type { DiscordOAuth } from '../oauth/discord-oauth.js';
import type { RateLimiter } from '../middleware/rate-limit.js';
import type { GuildAccess, Principal } from './principal.js';

/** Per-request values the middleware sets for the routes. */
export type AppEnv = {
  Variables: {
    correlationId: string;
    /** Set by `authenticate` when the request carries a live session or token. */
    principal: Principal | undefined;
    /** The guild of a `/api/guilds/:guildId/...` route, once `authorize` let the caller in. */
    guild: GuildAccess;
  };
};

/** Everything the routes use; created by the server (or a test) and passed in. */
export type AppDeps = Readonly<{
  bus: CommandBus;
  /** The read models' database (and the gateway's own `gh_http` schema: sessions, rate limits). */
  pool: Pool;
  nc: NatsConnection;
  store: EventStore;
  /** The one wait for a request's outcome, pushed by the stream's appends. */
  waiter: StreamWaiter;
  oauth: DiscordOAuth;
  sessions: SessionStore;
  levels: LevelResolver;
  rateLimiter: RateLimiter;
  sessionTtlMs: number;
  /** Where browsers reach us (redirect URI, allowed Origin, Secure cookies and HSTS when https). */
  publicUrl: string;
  commandWaitMs: number;
  botStatus: BotStatusSource;
  /** `rm.<guildId>.<model>` notifications, fanned out to the live streams. */
  hub: ReadModelHub;
  /** The built UI to serve; undefined: API only. */
  uiDist: string | undefined;
  logger: Logger;
}>;
