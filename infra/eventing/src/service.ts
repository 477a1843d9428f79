import type { NatsConnection } from '@nats-io/nats-core';
import { InfraError } from '@guildhall/kernel';
import type { EventStore } from './event-store/event-store.js';
import { JetStreamEventStore } from './event-store/jetstream-event-store.js';
import { createLogger, type Logger } from './logger.js';
import type { CommonSettings } from './settings.js';

export type RunningService = Readonly<{
  /** Stops pulling work and lets what is in flight settle, then closes connections. */
  stop(): Promise<void>;
  /** Logged with the `ready` line. */
  readyInfo?: Record<string, unknown>;
}>;

/**
 * The shell of every service process: settings (a bad one is fatal, naming the variable), a
 * logger, `start`, the `ready` line `npm start` waits for, and one clean stop on SIGTERM/SIGINT.
 */
export const runService = async <S extends { LOG_LEVEL: string }>(
  name: string,
  loadSettings: () => S,
  start: (settings: S, logger: Logger) => Promise<RunningService>,
): Promise<void> => {
  let settings: S;
  try {
    settings = loadSettings();
  } catch (e) {
    createLogger(name).fatal({ err: e }, (e as Error).message);
    process.exit(1);
  }
  const logger = createLogger(name, settings.LOG_LEVEL);
  let service: RunningService;
  try {
    service = await start(settings, logger);
  } catch (e) {
    logger.fatal({ err: e }, `${name} failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
  logger.info(service.readyInfo ?? {}, 'ready');
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await service.stop();
      logger.info('stopped');
    } catch (e) {
      logger.error({ err: e }, 'unclean stop');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

/** The event store: JetStream (the EventStoreDB adapter was removed; see the README). */
export const openEventStore = async (settings: CommonSettings, nc: NatsConnection, logger: Logger): Promise<EventStore> =>
  JetStreamEventStore.create({ nc, streamName: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger });
