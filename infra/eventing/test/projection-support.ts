import { newId, type NewEvent } from '@guildhall/kernel';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import pg from 'pg';
import { connectNats, createLogger, JetStreamEventStore, type Logger } from '../src/index.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const withDatabase = (name: string): string => {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * One isolated world per test file: its own PostgreSQL database (`gh_test_<random>`), its own
 * JetStream stream and subject prefix. `dispose` removes them.
 */
export type TestWorld = Readonly<{
  id: string;
  databaseUrl: string;
  pool: pg.Pool;
  nc: NatsConnection;
  store: JetStreamEventStore;
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  dispose(): Promise<void>;
}>;

/** `natsUrl`: a private server's, for a test that stalls or kills it. */
export const createTestWorld = async (label: string, natsUrl = NATS_URL): Promise<TestWorld> => {
  const id = newId().replaceAll('-', '').slice(0, 10);
  const database = `gh_test_${label}_${id}`;
  const admin = new pg.Client({ connectionString: withDatabase('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const databaseUrl = withDatabase(database);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  // Tests terminate sessions on purpose; an idle client's error must not crash the test run.
  pool.on('error', () => undefined);
  const nc = await connectNats(natsUrl, `projection-test-${label}`);
  const streamName = `T_PROJ_${label}_${id}`;
  const subjectPrefix = `tproj_${label}_${id}`;
  const logger = createLogger(`test-${label}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  return {
    id,
    databaseUrl,
    pool,
    nc,
    store,
    streamName,
    subjectPrefix,
    logger,
    async dispose() {
      await store.close();
      await (await jetstreamManager(nc)).streams.delete(streamName).catch(() => undefined);
      await nc.close();
      await pool.end();
      const a = new pg.Client({ connectionString: withDatabase('postgres') });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await a.end();
    },
  };
};

export const GUILDS = ['100000000000000001', '100000000000000002', '100000000000000003'] as const;

export const countedEvent = (n: number, guildId: string, type = 'test.counted'): NewEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  occurredAt: new Date(1_700_000_000_000 + n).toISOString(),
  guildId,
  actor: { kind: 'system', id: 'test', name: 'test' },
  source: 'api',
  correlationId: `corr-${n}`,
  causationId: null,
  payload: { n },
});

/**
 * Appends events numbered from..from+count-1 through the real store, in commits of 1-3 events
 * over a few streams, `window` appends at a time. Returns the number of events per guild.
 */
export const appendCounted = async (
  world: TestWorld,
  from: number,
  count: number,
  window = 64,
): Promise<Map<string, number>> => {
  const perGuild = new Map<string, number>();
  const commits: { streamId: string; events: NewEvent[] }[] = [];
  let n = from;
  while (n < from + count) {
    const size = Math.min(1 + (n % 3), from + count - n);
    const guildId = GUILDS[commits.length % GUILDS.length]!;
    const events = Array.from({ length: size }, (_, i) => countedEvent(n + i, guildId));
    perGuild.set(guildId, (perGuild.get(guildId) ?? 0) + size);
    commits.push({ streamId: `test.counter.s${commits.length % 7}`, events });
    n += size;
  }
  for (let i = 0; i < commits.length; i += window) {
    await Promise.all(commits.slice(i, i + window).map((c) => world.store.append(c.streamId, c.events, 'any')));
  }
  return perGuild;
};

/** Publishes bytes straight onto the events stream, bypassing the store (malformed commits). */
export const publishRaw = async (world: TestWorld, subject: string, data: string | Uint8Array): Promise<number> =>
  (await jetstream(world.nc).publish(subject, data)).seq;

export const rows = async <R extends Record<string, unknown>>(pool: pg.Pool, sql: string): Promise<R[]> =>
  (await pool.query<R>(sql)).rows;

/** Waits until `check` holds, polling; fails with the last value after `timeoutMs`. */
export const eventually = async <T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
};
