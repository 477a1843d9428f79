import { newId } from '@guildhall/kernel';
import {
  connectNats,
  createLogger,
  JetStreamEventStore,
  migrate,
  ProjectionRunner,
  rebuildProjection,
  type Logger,
  type OpenEvents,
  type Projection,
} from '@guildhall/eventing';
import pg from 'pg';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const databaseUrl = (name: string): string => {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

type Nats = Awaited<ReturnType<typeof connectNats>>;

/**
 * One isolated world per test file on the shared servers: a database `gh_test_<random>`, an
 * events stream and subject prefix of its own, the real JetStream event store over them.
 */
export type TestWorld = Readonly<{
  id: string;
  database: string;
  databaseUrl: string;
  pool: pg.Pool;
  nc: Nats;
  store: JetStreamEventStore;
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  /** Migrates and starts a live runner per projection (`open`: the shredding store's, for events with sealed personal data). */
  startRunners(projections: readonly Projection[], open?: OpenEvents): Promise<ProjectionRunner[]>;
  /** Waits until every runner has applied the stream up to its head. */
  caughtUp(): Promise<void>;
  rebuild(projection: Projection, open?: OpenEvents): ReturnType<typeof rebuildProjection>;
  dispose(): Promise<void>;
}>;

const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: databaseUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};

export const createTestWorld = async (label: string): Promise<TestWorld> => {
  const id = newId().replaceAll('-', '').slice(0, 10);
  const database = `gh_test_${id}`;
  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const url = databaseUrl(database);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // the teardown drops the database WITH (FORCE): idle clients are terminated
  const nc = await connectNats(NATS_URL, `projections-test-${label}`);
  const streamName = `T_RM_${label}_${id}`;
  const subjectPrefix = `trm_${label}_${id}`;
  const logger = createLogger(`test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  const runners: ProjectionRunner[] = [];
  const common = { nc, pool, streamName, subjectPrefix, logger };
  return {
    id,
    database,
    databaseUrl: url,
    pool,
    nc,
    store,
    streamName,
    subjectPrefix,
    logger,
    async startRunners(projections, open) {
      await migrate(pool, projections, logger);
      const started = projections.map((p) => new ProjectionRunner(p, { ...common, ...(open ? { open } : {}), batchSize: 200, idleWaitMs: 1_000, lagLogIntervalMs: 0 }));
      for (const r of started) r.start();
      runners.push(...started);
      return started;
    },
    async caughtUp() {
      const head = await store.headPosition();
      await Promise.all(runners.map((r) => r.waitForPosition(head, 30_000)));
    },
    rebuild: (projection, open) => rebuildProjection(projection, { ...common, ...(open ? { open } : {}), batchSize: 300, progressIntervalMs: 0 }),
    async dispose() {
      // Every step runs even when an earlier one fails, so the shared servers are left clean.
      const steps: (() => Promise<unknown>)[] = [
        () => Promise.all(runners.map((r) => r.stop())),
        () => store.close(),
        () => nc.request(`$JS.API.STREAM.DELETE.${streamName}`),
        () => nc.close(),
        () => pool.end(),
        () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)),
      ];
      for (const step of steps) await step().catch(() => undefined);
    },
  };
};

/** Every row of a table in a full-key order, as PostgreSQL returns them (timestamps included). */
export const tableRows = async (pool: pg.Pool, table: string, orderBy: string): Promise<Record<string, unknown>[]> =>
  (await pool.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`)).rows;

/**
 * Records every table of a read model, rebuilds it from the stream, and returns both snapshots
 * (before, after) for an exact comparison.
 */
export const rebuildAndSnapshot = async (
  world: TestWorld,
  projection: Projection,
  tables: Readonly<Record<string, string>>,
  open?: OpenEvents,
): Promise<{ before: Record<string, Record<string, unknown>[]>; after: Record<string, Record<string, unknown>[]>; events: number }> => {
  await world.caughtUp();
  const snap = async () => {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const [table, order] of Object.entries(tables)) out[table] = await tableRows(world.pool, `rm_${projection.name}.${table}`, order);
    return out;
  };
  const before = await snap();
  const result = await world.rebuild(projection, open);
  const after = await snap();
  return { before, after, events: result.eventsApplied };
};
