import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandBus, commandBusNames, connectNats, createStreamWaiter, openEventStore, type Logger } from '@guildhall/eventing';
import { allPersonalData } from '@guildhall/projections';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import { createApp, type AppOptions } from './app.js';
import { register as registerAccess } from '@guildhall/access/handler';
import { migrateGatewaySchema } from './auth/gateway-schema.js';
import { LevelResolver } from './auth/level-resolver.js';
import { SessionStore } from './auth/session-store.js';
import { RateLimiter } from './middleware/rate-limit.js';
import type { AppDeps } from './http/app-env.js';
import { startBotStatusSource } from './live/bot-status.js';
import { startReadModelHub } from './live/read-model-hub.js';
import { DiscordOAuth } from './oauth/discord-oauth.js';
import { oauthProviderFrom } from './oauth/oauth-provider.js';
import { publicUrlOf, type HttpSettings } from './settings.js';

export type HttpGateway = Readonly<{
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  deps: AppDeps;
  stop(): Promise<void>;
}>;

/** The repository's ui/dist (this file is gateway/http/src/gateway.ts). */
export const defaultUiDist = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '../../../ui/dist');

/**
 * Connects NATS, PostgreSQL, the event store and the command bus, then listens. With PORT=0 the
 * public URL (redirect URI, allowed Origin) follows the port it got, unless PUBLIC_URL is set.
 */
export const startHttpGateway = async (settings: HttpSettings, logger: Logger, options: AppOptions = {}): Promise<HttpGateway> => {
  const secret = settings.SESSION_SECRET ?? SessionStore.newSecret();
  if (!settings.SESSION_SECRET) {
    logger.warn('SESSION_SECRET is not set: using a random one for this process (sessions end when it restarts; set it in production)');
  }
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'gateway-http', max: 10 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  await migrateGatewaySchema(pool);
  const nc = await connectNats(settings.NATS_URL, 'gateway-http', logger);
  const { store, open } = await openEventStore(settings, nc, logger, allPersonalData);
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  const botStatus = await startBotStatusSource(nc, { subjectPrefix: settings.STATUS_SUBJECT_PREFIX, bucket: settings.STATUS_BUCKET, logger });
  const hub = startReadModelHub(nc, logger);
  // The access context's commands are few and small: the API hosts their handler (any replica takes them off the work queue).
  const accessHandler = await registerAccess(bus, store);
  const oauth = new DiscordOAuth(oauthProviderFrom(settings));
  const uiDist = settings.UI_DIST ?? defaultUiDist();
  if (!existsSync(resolve(uiDist, 'index.html'))) logger.warn({ uiDist }, 'no built dashboard found: serving the API only');

  let deps: AppDeps | undefined;
  let fetchApp: ((req: Request) => Response | Promise<Response>) | undefined;
  const server: ServerType = await new Promise((ready, fail) => {
    const s = serve({ fetch: (req) => (fetchApp ? fetchApp(req) : new Response('starting', { status: 503 })), port: settings.PORT, hostname: settings.HOST }, () => ready(s));
    s.once('error', fail);
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = settings.PUBLIC_URL ? publicUrlOf(settings) : `http://localhost:${port}`;
  deps = {
    bus,
    pool,
    nc,
    store,
    waiter: createStreamWaiter(nc, store, settings.EVENTS_SUBJECT_PREFIX, open),
    oauth,
    sessions: new SessionStore(pool, secret),
    levels: new LevelResolver(pool, store),
    rateLimiter: new RateLimiter(pool, {
      perMinute: settings.RATE_LIMIT_PER_MINUTE,
      commandsPerMinute: settings.RATE_LIMIT_COMMANDS_PER_MINUTE,
      loginPerMinute: settings.RATE_LIMIT_LOGIN_PER_MINUTE,
    }),
    sessionTtlMs: settings.SESSION_TTL_HOURS * 3_600_000,
    publicUrl,
    commandWaitMs: settings.COMMAND_WAIT_MS,
    botStatus,
    hub,
    uiDist,
    logger,
  };
  const app = createApp(deps, options);
  fetchApp = (req) => app.fetch(req);

  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    stop: () =>
      (stopping ??= (async () => {
        // Live streams never end by themselves: close them so the server can.
        await new Promise<void>((done) => {
          server.close(() => done());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        hub.stop();
        await accessHandler.stop();
        await botStatus.stop();
        await bus.close();
        await store.close();
        await nc.drain().catch(() => nc.close());
        await pool.end();
      })()),
  };
};
