import type { CommandBus, EventStore, Logger, StreamWaiter } from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';
import type { SessionCodec, Session, SessionGuild } from '../auth/session.js';
import type { BotStatusSource } from '../live/bot-status.js';
import type { ReadModelHub } from '../live/read-model-hub.js';
import type { DiscordOAuth } from '../oauth/discord-oauth.js';

/** Per-request values the middleware sets for the routes. */
export type AppEnv = {
  Variables: {
    correlationId: string;
    session: Session;
    /** The guild of a `/api/guilds/:guildId/...` route, as the session grants it. */
    guild: SessionGuild;
  };
};

/** Everything the routes use; created by the server (or a test) and passed in. */
export type AppDeps = Readonly<{
  bus: CommandBus;
  /** The read models' database. */
  pool: Pool;
  nc: NatsConnection;
  store: EventStore;
  /** The one wait for a request's outcome, pushed by the stream's appends. */
  waiter: StreamWaiter;
  oauth: DiscordOAuth;
  sessions: SessionCodec;
  sessionTtlMs: number;
  /** Where browsers reach us (redirect URI, allowed Origin, Secure cookies when https). */
  publicUrl: string;
  commandWaitMs: number;
  botStatus: BotStatusSource;
  /** `rm.<guildId>.<model>` notifications, fanned out to the live streams. */
  hub: ReadModelHub;
  /** The built UI to serve; undefined: API only. */
  uiDist: string | undefined;
  logger: Logger;
}>;
