/**
 * The automation service (`npm start` runs it): the `cmd.automation.*` handlers on the bus and
 * the parts beside them (the scheduler, automod, workflows; see runtime/parts.ts), until
 * SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import {
  CommandBus,
  commandBusNames,
  CommonSettingsSchema,
  connectNats,
  ensureDatabase,
  mergePolicies,
  natsReady,
  openEventStore,
  parseSettings,
  postgresReady,
  runService,
} from '@guildhall/eventing';
import { communityPersonalData } from '@guildhall/community';
import { moderationPersonalData } from '@guildhall/moderation';
import pg from 'pg';
import { z } from 'zod';
import { automationHandler } from './handler.js';
import { automationPersonalData } from './personal-data.js';
import { AUTOMATION_CONTEXT } from './context.js';
import { automationParts } from './runtime/parts.js';
import { startAutomationParts } from './runtime/start-parts.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  AUTOMATION_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
  /** The bot's facts (the bot's own defaults): message-posted workflows read them. */
  DISCORD_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('DISCORD'),
  DISCORD_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('discord'),
});

await runService('automation', () => parseSettings(SettingsSchema), async (settings, logger) => {
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'automation', max: 6 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, 'automation', logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  // Behind crypto-shredding, with its stream cache under it (ciphertext): automod hits quote
  // messages, and the events its parts react to (messages, joins, cases) hold names.
  const { store, open } = await openEventStore(settings, nc, logger, mergePolicies(automationPersonalData, communityPersonalData, moderationPersonalData), { cacheStreams: true });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  // One handler for the bus and the parts, so commands on one stream queue in-process.
  const handle = automationHandler(store);
  const consumer = await bus.handle(AUTOMATION_CONTEXT, handle, { concurrency: settings.AUTOMATION_CONCURRENCY });
  const discordFacts = { streamName: settings.DISCORD_STREAM, subjectPrefix: settings.DISCORD_SUBJECT_PREFIX };
  const parts = await startAutomationParts({ nc, store, open, bus, pool, streamName, subjectPrefix, discordFacts, logger, handle });
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
