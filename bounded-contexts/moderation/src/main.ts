/**
 * The moderation service (`npm start` runs it): the moderation command handlers, the process
 * manager that chains them (member record → case number → case → outcomes, bulk fan-out) and
 * the expiry scheduler, until SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import {
  CommandBus,
  commandBusNames,
  connectNats,
  ensureDatabase,
  natsReady,
  openEventStore,
  postgresReady,
  runService,
} from '@guildhall/eventing';
import pg from 'pg';
import { moderationPersonalData } from './personal-data.js';
import { loadModerationSettings, startModerationService } from './runtime/index.js';

await runService('moderation', loadModerationSettings, async (settings, logger) => {
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'moderation', max: 6 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, 'moderation', logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  const { store, open } = await openEventStore(settings, nc, logger, moderationPersonalData, { cacheStreams: true });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  const service = await startModerationService({
    nc,
    store,
    open,
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
  return {
    readyInfo: { streamName, subjectPrefix, commands: settings.COMMANDS_STREAM },
    checks: { nats: natsReady(nc), postgres: postgresReady(pool) },
    stop: async () => {
      await service.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
      await pool.end();
    },
  };
});
