/**
 * The projections service (`npm start` runs it): migrates every read model, then runs one
 * ProjectionRunner per read model until SIGTERM/SIGINT, when each finishes its batch and stops.
 */
import { connectNats, createLogger, ensureDatabase, JetStreamEventStore, loadCommonSettings, migrate, ProjectionRunner } from '@guildhall/eventing';
import pg from 'pg';
import { allProjections } from './all-projections.js';

const main = async (): Promise<void> => {
  const boot = createLogger('projections');
  let settings;
  try {
    settings = loadCommonSettings();
  } catch (e) {
    boot.fatal({ err: e }, (e as Error).message);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger('projections', settings.LOG_LEVEL);
  if (settings.EVENT_STORE !== 'jetstream') {
    // The runner reads commits from JetStream; an EventStoreDB feed does not exist yet.
    logger.fatal({ eventStore: settings.EVENT_STORE }, 'the projections service runs on EVENT_STORE=jetstream only');
    process.exitCode = 1;
    return;
  }
  await ensureDatabase(settings.DATABASE_URL, logger);
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'projections', max: allProjections.length + 4 });
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const nc = await connectNats(settings.NATS_URL, 'projections', logger);
  const streamName = settings.EVENTS_STREAM;
  const subjectPrefix = settings.EVENTS_SUBJECT_PREFIX;
  // Creates the events stream when this service starts first, so the durable consumers can attach.
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  await store.close();
  await migrate(pool, allProjections, logger);
  const runners = allProjections.map((p) => new ProjectionRunner(p, { nc, pool, streamName, subjectPrefix, logger }));
  for (const r of runners) r.start();
  logger.info({ projections: runners.map((r) => r.name), streamName, subjectPrefix }, 'ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await Promise.all(runners.map((r) => r.stop()));
    await nc.drain().catch(() => nc.close());
    await pool.end();
    logger.info('stopped');
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

main().catch((e: unknown) => {
  createLogger('projections').fatal({ err: e }, `projections failed to start: ${(e as Error).message}`);
  process.exit(1);
});
