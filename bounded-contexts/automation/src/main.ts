/**
 * The automation service (`npm start` runs it): the `cmd.automation.*` handlers on the bus and
 * the parts beside them (the scheduler, automod, workflows; see runtime/parts.ts), until
 * SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import {
  CachingEventStore,
  CommandBus,
  commandBusNames,
  CommonSettingsSchema,
  connectNats,
  ensureDatabase,
  JetStreamEventStore,
  natsReady,
  parseSettings,
  postgresReady,
  runService,
} from '@guildhall/eventing';
import pg from 'pg';
import { z } from 'zod';
import { automationHandler } from './handler.js';
import { AUTOMATION_CONTEXT } from './context.js';
import { automationParts } from './runtime/parts.js';
import { startAutomationParts } from './runtime/start-parts.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  AUTOMATION_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
});

await runService('automation', () => parseSettings(SettingsSchema), async (settings, logger) => {
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'automation', max: 6 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, 'automation', logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  // One handler for the bus and the parts, so commands on one stream queue in-process.
  const handle = automationHandler(new CachingEventStore(store));
  const consumer = await bus.handle(AUTOMATION_CONTEXT, handle, { concurrency: settings.AUTOMATION_CONCURRENCY });
  const parts = await startAutomationParts({ nc, store, bus, pool, streamName, subjectPrefix, logger, handle });
  return {
    readyInfo: { streamName, subjectPrefix, commands: settings.COMMANDS_STREAM, parts: automationParts.map((p) => p.name) },
    checks: { nats: natsReady(nc), postgres: postgresReady(pool) },
    stop: async () => {
      await parts.stop();
      await consumer.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
      await pool.end();
    },
  };
});
