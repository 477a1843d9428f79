/**
 * The projections service (`npm start` runs it): migrates every read model, then runs one
 * ProjectionRunner per read model until SIGTERM/SIGINT, when each finishes its batch and stops.
 */
import {
  CommonSettingsSchema,
  connectNats,
  ensureDatabase,
  migrate,
  openEventStore,
  natsReady,
  postgresReady,
  parseSettings,
  ProjectionRunner,
  runService,
} from '@guildhall/eventing';
import pg from 'pg';
import { z } from 'zod';
import { allProjections } from './all-projections.js';
import { rebuildReadModels, startEraser } from './erasure/eraser.js';
import { startRetentionJob } from './erasure/retention.js';
import { allPersonalData } from './personal-data.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** How often per-guild retention shreds old message content (each guild's setting: SetRetention). Default 1 h. */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
});

await runService('projections', () => parseSettings(SettingsSchema), async (settings, logger) => {
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'projections', max: allProjections.length + 4 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, 'projections', logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  // Creates the events stream when this service starts first, so the durable consumers can attach;
  // the read models see events as the store's readers do (personal fields decrypted or erased).
  const { store, keys, open } = await openEventStore(settings, nc, logger, allPersonalData);
  await migrate(pool, allProjections, logger);
  const runners = allProjections.map((p) => new ProjectionRunner(p, { nc, pool, streamName, subjectPrefix, logger, open }));
  for (const r of runners) r.start();
  // "Forget me": destroys the member's keys, then rebuilds the read models (they read the fields as erased).
  const eraser = await startEraser({
    nc, pool, streamName, subjectPrefix, logger, keys, open, projections: allProjections,
    deadLetters: { stream: settings.DEAD_LETTERS_STREAM, prefix: settings.DEAD_LETTERS_SUBJECT_PREFIX },
  });
  const rebuildOpts = { nc, pool, streamName, subjectPrefix, open, projections: allProjections };
  const retention = startRetentionJob({ store, keys, everyMs: settings.RETENTION_INTERVAL_MS, logger, afterShred: () => rebuildReadModels(rebuildOpts, logger) });
  return {
    readyInfo: { projections: runners.map((r) => r.name), streamName, subjectPrefix },
    checks: { nats: natsReady(nc), postgres: postgresReady(pool) },
    stop: async () => {
      await retention.stop();
      await eraser.stop();
      await Promise.all(runners.map((r) => r.stop()));
      await store.close();
      await nc.drain().catch(() => nc.close());
      await pool.end();
    },
  };
});
