/**
 * The moderation service (`npm start` runs it): the moderation command handlers, the process
 * manager that chains them (member record → case number → case → outcomes, bulk fan-out) and
 * the expiry scheduler, until SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import { CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, type Logger } from '@guildhall/eventing';
import pg from 'pg';
import { loadModerationSettings, startModerationService, type ModerationSettings } from './runtime/index.js';

const SERVICE = 'moderation';

const settingsOrExit = (boot: Logger): ModerationSettings | undefined => {
  try {
    return loadModerationSettings();
  } catch (e) {
    boot.fatal({ err: e }, (e as Error).message);
    process.exitCode = 1;
    return undefined;
  }
};

const main = async (): Promise<void> => {
  const settings = settingsOrExit(createLogger(SERVICE));
  if (!settings) return;
  const logger = createLogger(SERVICE, settings.LOG_LEVEL);
  if (settings.EVENT_STORE !== 'jetstream') {
    // The process manager and the expiry schedule follow the JetStream EVENTS stream; with the
    // events in EventStoreDB they would never see a moderation event.
    logger.fatal({ eventStore: settings.EVENT_STORE }, 'the moderation service runs on EVENT_STORE=jetstream only');
    process.exitCode = 1;
    return;
  }
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: SERVICE, max: 6 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, SERVICE, logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  const bus = await CommandBus.create({
    nc,
    logger,
    streamName: settings.COMMANDS_STREAM,
    subjectPrefix: settings.COMMANDS_SUBJECT_PREFIX,
    resultsBucket: settings.COMMAND_RESULTS_BUCKET,
    deadLetterStream: settings.DEAD_LETTERS_STREAM,
    deadLetterPrefix: settings.DEAD_LETTERS_SUBJECT_PREFIX,
    ackWaitMs: settings.COMMAND_ACK_WAIT_MS,
  });
  const service = await startModerationService({
    nc,
    store,
    bus,
    pool,
    streamName,
    subjectPrefix,
    logger,
    handlerConcurrency: settings.MODERATION_CONCURRENCY,
    process: {
      consumerName: settings.MODERATION_PROCESS_CONSUMER,
      concurrency: settings.MODERATION_PROCESS_CONCURRENCY,
      ackWaitMs: settings.MODERATION_PROCESS_ACK_WAIT_MS,
    },
    expiry: { tickMs: settings.EXPIRY_TICK_MS },
  });
  logger.info({ streamName, subjectPrefix, commands: settings.COMMANDS_STREAM }, 'ready');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await service.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
      await pool.end();
      logger.info('stopped');
    } catch (e) {
      logger.error({ err: e }, 'unclean stop');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

main().catch((e: unknown) => {
  createLogger(SERVICE).fatal({ err: e }, `${SERVICE} failed to start: ${(e as Error).message}`);
  process.exit(1);
});
