import type { NatsConnection } from '@nats-io/nats-core';
import { InfraError } from '@guildhall/kernel';
import { z } from 'zod';
import { JetStreamEventStore } from './event-store/jetstream-event-store.js';
import { createLogger, type Logger } from './logger.js';
import { enableProcessMetrics } from './metrics/metrics.js';
import { checkDependencies, startOpsServer, type OpsServer, type OpsState, type ReadinessChecks } from './metrics/ops-server.js';
import { parseSettings, type CommonSettings } from './settings.js';
import type { PersonalDataPolicy } from './shred/personal-data.js';
import { withPersonalData, type PersonalDataStore } from './shred/personal-data-store.js';

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
