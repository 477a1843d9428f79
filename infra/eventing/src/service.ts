import type { NatsConnection } from '@nats-io/nats-core';
import { InfraError } from '@guildhall/kernel';
import pg from 'pg';
import { z } from 'zod';
import { CommandBus } from './command-bus/command-bus.js';
import type { CommandConsumer, HandleOptions } from './command-bus/command-consumer.js';
import type { EventStore } from './event-store/event-store.js';
import { JetStreamEventStore } from './event-store/jetstream-event-store.js';
import { createLogger, type Logger } from './logger.js';
import { natsReady, postgresReady } from './metrics/checks.js';
import { enableProcessMetrics } from './metrics/metrics.js';
import { checkDependencies, startOpsServer, type OpsServer, type OpsState, type ReadinessChecks } from './metrics/ops-server.js';
import { connectNats } from './nats-connection.js';
import { ensureDatabase } from './projection/database.js';
import { commandBusNames, parseSettings, type CommonSettings } from './settings.js';
import type { PersonalDataPolicy } from './shred/personal-data.js';
import { withPersonalData, type OpenEvents, type PersonalDataStore } from './shred/personal-data-store.js';

export type RunningService = Readonly<{
  /** Stops pulling work and lets what is in flight settle, then closes connections. */
  stop(): Promise<void>;
  /** Logged with the `ready` line. */
  readyInfo?: Record<string, unknown>;
  /** What `/readyz` asks: the service's own dependencies (`natsReady(nc)`, `postgresReady(pool)`, ...). */
  checks?: ReadinessChecks;
}>;

/**
 * The ops port of each service when `METRICS_PORT` is unset (the `npm start` launcher sets these too):
 * distinct, so services run alone on one host do not clash. Any other name gets 9100.
 */
export const defaultMetricsPorts: Readonly<Record<string, number>> = {
  moderation: 9101,
  community: 9102,
  messaging: 9103,
  projections: 9104,
  'gateway-http': 9105,
  'discord-bot': 9106,
  audit: 9107,
  music: 9109,
  automation: 9110,
  appeals: 9111,
  notifier: 9112,
};

const OpsSettingsSchema = z.object({
  /** Port of `/healthz`, `/readyz`, `/metrics`; 0 = any free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
});

/** How often the dependencies are checked for `guildhall_dependency_up`. */
const DEPENDENCY_PROBE_MS = 10_000;

/** How long a stopped service may linger on open handles before it exits anyway. */
const EXIT_GRACE_MS = 5_000;

/**
 * The shell of every service process: settings (a bad one is fatal, naming the variable), a
 * logger, the ops server (`/healthz`, `/readyz` over the service's checks, `/metrics`) from the
 * start, `start`, the `ready` line `npm start` waits for, and one clean stop on SIGTERM/SIGINT.
 */
export const runService = async <S extends { LOG_LEVEL: string }>(
  name: string,
  loadSettings: () => S,
  start: (settings: S, logger: Logger) => Promise<RunningService>,
): Promise<void> => {
  let settings: S;
  let ops: z.infer<typeof OpsSettingsSchema>;
  try {
    settings = loadSettings();
    ops = parseSettings(OpsSettingsSchema);
  } catch (e) {
    createLogger(name).fatal({ err: e }, (e as Error).message);
    process.exit(1);
  }
  const logger = createLogger(name, settings.LOG_LEVEL);
  enableProcessMetrics(name);
  const opsState: OpsState = { checks: null, stopping: false };
  let opsServer: OpsServer;
  try {
    opsServer = await startOpsServer(name, ops.METRICS_PORT ?? defaultMetricsPorts[name] ?? 9100, opsState, ops.METRICS_HOST);
  } catch (e) {
    logger.fatal({ err: e }, `${name}: cannot serve /metrics on port ${ops.METRICS_PORT}: ${(e as Error).message} (METRICS_PORT)`);
    process.exit(1);
  }
  let service: RunningService;
  try {
    service = await start(settings, logger);
  } catch (e) {
    logger.fatal({ err: e }, `${name} failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
  opsState.checks = service.checks ?? {};
  // guildhall_dependency_up between scrapes of /readyz too, so an alert sees a dependency go down.
  const checks = opsState.checks;
  void checkDependencies(checks);
  const probe = setInterval(() => void checkDependencies(checks), DEPENDENCY_PROBE_MS);
  probe.unref();
  logger.info({ ...service.readyInfo, metrics: `${opsServer.url}/metrics` }, 'ready');
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    opsState.stopping = true;
    clearInterval(probe);
    logger.info({ signal }, 'stopping');
    try {
      await service.stop();
      logger.info('stopped');
    } catch (e) {
      logger.error({ err: e }, 'unclean stop');
      process.exitCode = 1;
    }
    await opsServer.close();
    // A library's lingering handle must not keep a stopped service alive.
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

/**
 * The event store every service uses: JetStream (the EventStoreDB adapter was removed; see the
 * README) behind crypto-shredding, so the personal fields `policy` names are stored encrypted
 * under their member's key (the merged policies of the contexts whose events the service reads).
 */
export const openEventStore = async (
  settings: CommonSettings,
  nc: NatsConnection,
  logger: Logger,
  policy: PersonalDataPolicy,
  options: Readonly<{ cacheStreams?: boolean }> = {},
): Promise<PersonalDataStore> =>
  withPersonalData(await JetStreamEventStore.create({ nc, streamName: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger }), {
    nc,
    eventsStream: settings.EVENTS_STREAM,
    policy,
    ...(options.cacheStreams ? { cacheStreams: true } : {}),
  });

/** What a context service decides on: opened by `openContextConnections`, closed by its `close`. */
export type ContextConnections = Readonly<{
  nc: NatsConnection;
  /** The event store behind crypto-shredding (`openEventStore`). */
  store: EventStore;
  /** The store's `open`, for what a service reads straight off the stream. */
  open: OpenEvents;
  bus: CommandBus;
  /** The EVENTS stream the store writes to, and its subject prefix (for reactors and projection runners over events). */
  streamName: string;
  subjectPrefix: string;
  /** What `/readyz` asks of these connections: NATS, and PostgreSQL when there is a pool. */
  checks: ReadinessChecks;
  /** Closes the bus, the store, NATS and the pool, in that order: call it once the service's own consumers have stopped. */
  close(): Promise<void>;
}>;

/**
 * What a context's runtime (its handlers, reactors, projection runners) starts on: the connections
 * (`openContextConnections`, or a test's), the service's PostgreSQL pool (its private read models
 * and their runners' checkpoints) and its logger; without `open`, events are read as stored.
 */
export type ContextRuntimeDeps = Pick<ContextConnections, 'nc' | 'store' | 'bus' | 'streamName' | 'subjectPrefix'> &
  Partial<Pick<ContextConnections, 'open'>> &
  Readonly<{ pool: pg.Pool; logger: Logger }>;

export type ContextConnectionOptions = Readonly<{
  /** Keep each stream's events in memory under the shredding store (`openEventStore`). */
  cacheStreams?: boolean;
  /** A PostgreSQL pool of this size on DATABASE_URL, for the service's private read models. */
  pool?: Readonly<{ max: number }>;
}>;

/**
 * The connections every context service opens the same way, in order: its PostgreSQL pool when
 * asked for (on its database, created when missing; `application_name` is the service; an idle
 * connection that fails is logged, the pool replaces it), NATS (named after the service), the
 * event store behind crypto-shredding under `policy`, the command bus.
 */
export async function openContextConnections(
  name: string,
  settings: CommonSettings,
  logger: Logger,
  policy: PersonalDataPolicy,
  options: ContextConnectionOptions & Readonly<{ pool: Readonly<{ max: number }> }>,
): Promise<ContextConnections & Readonly<{ pool: pg.Pool }>>;
export async function openContextConnections(
  name: string,
  settings: CommonSettings,
  logger: Logger,
  policy: PersonalDataPolicy,
  options?: ContextConnectionOptions,
): Promise<ContextConnections>;
export async function openContextConnections(
  name: string,
  settings: CommonSettings,
  logger: Logger,
  policy: PersonalDataPolicy,
  options: ContextConnectionOptions = {},
): Promise<ContextConnections & Readonly<{ pool?: pg.Pool }>> {
  let pool: pg.Pool | undefined;
  if (options.pool) {
    await ensureDatabase(settings.DATABASE_URL, logger);
    pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: name, max: options.pool.max });
    pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  }
  const nc = await connectNats(settings.NATS_URL, name, logger);
  const { store, open } = await openEventStore(settings, nc, logger, policy, options.cacheStreams ? { cacheStreams: true } : {});
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  return {
    nc,
    store,
    open,
    bus,
    streamName: settings.EVENTS_STREAM,
    subjectPrefix: settings.EVENTS_SUBJECT_PREFIX,
    ...(pool ? { pool } : {}),
    checks: { nats: natsReady(nc), ...(pool ? { postgres: postgresReady(pool) } : {}) },
    close: async () => {
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
      await pool?.end();
    },
  };
}

export type CommandServiceOptions<S extends CommonSettings> = Readonly<{
  /** The personal fields of the events the service writes (crypto-shredding). */
  policy: PersonalDataPolicy;
  /** Keep each stream's events in memory under the shredding store (a context whose streams only grow). */
  cacheStreams?: boolean;
  /** The context's `register`: its command handler on the bus. */
  register: (bus: CommandBus, store: EventStore, options: HandleOptions) => Promise<CommandConsumer>;
  /** Commands decided at once by this worker (the context's `<CONTEXT>_CONCURRENCY`). */
  concurrency: (settings: S) => number;
}>;

/**
 * A context service that only handles its own commands (`cmd.<context>.*`): its handler on the bus,
 * deciding on the event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its
 * commands settle.
 */
export const runCommandService = <S extends CommonSettings>(name: string, loadSettings: () => S, options: CommandServiceOptions<S>): Promise<void> =>
  runService(name, loadSettings, async (settings, logger) => {
    const { store, bus, checks, close } = await openContextConnections(name, settings, logger, options.policy, options.cacheStreams ? { cacheStreams: true } : {});
    const consumer = await options.register(bus, store, { concurrency: options.concurrency(settings) });
    return {
      readyInfo: { eventStore: settings.EVENT_STORE, commands: settings.COMMANDS_STREAM },
      checks,
      stop: async () => {
        await consumer.stop();
        await close();
      },
    };
  });
