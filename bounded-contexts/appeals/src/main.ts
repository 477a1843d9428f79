/**
 * The appeals service (`npm start` runs it): the appeals command handler (`cmd.appeals.*`), the
 * workflow that lifts a sanction when its appeal is approved, and the reminder of appeals waiting
 * past the guild's review limit, until SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import { CommandBus, commandBusNames, CommonSettingsSchema, connectNats, ensureDatabase, JetStreamEventStore, natsReady, parseSettings, postgresReady, runService } from '@guildhall/eventing';
import pg from 'pg';
import { z } from 'zod';
import { startAppealsService } from './runtime/index.js';

const SettingsSchema = CommonSettingsSchema.extend({
  APPEALS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  APPEALS_WORKFLOW_CONSUMER: z.string().regex(/^[A-Za-z0-9_-]+$/).default('appeals-workflow'),
  /** How often appeals past their review limit are looked for. */
  APPEALS_REMINDER_SWEEP_MS: z.coerce.number().int().min(1_000).default(60_000),
});

await runService('appeals', () => parseSettings(SettingsSchema), async (settings, logger) => {
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'appeals', max: 4 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, 'appeals', logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  const service = await startAppealsService({
    nc,
    store,
    bus,
    pool,
    streamName,
    subjectPrefix,
    logger,
    handlerConcurrency: settings.APPEALS_CONCURRENCY,
    workflowConsumer: settings.APPEALS_WORKFLOW_CONSUMER,
    reminderSweepMs: settings.APPEALS_REMINDER_SWEEP_MS,
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
