import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjection, readCheckpoint, type Projection } from '../src/index.js';
import { counterProjection } from './fixtures/projection-counter.js';
import { appendCounted, createTestWorld, eventually, NATS_URL, rows, type TestWorld } from './projection-support.js';

const WORKER = fileURLToPath(new URL('./fixtures/projection-worker.ts', import.meta.url));

let world: TestWorld;
let projection: Projection;
const expected = new Map<string, number>();
let total = 0;
const children = new Set<ChildProcess>();

const feed = async (count: number) => {
  const perGuild = await appendCounted(world, total, count);
  for (const [g, k] of perGuild) expected.set(g, (expected.get(g) ?? 0) + k);
  total += count;
};

type Worker = Readonly<{ child: ChildProcess; batches: () => number; exited: Promise<number | null> }>;

/** Starts the runner as a separate Node process (node --import tsx, so SIGKILL hits it directly). */
const spawnWorker = (): Worker => {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env,
      DATABASE_URL: world.databaseUrl,
      NATS_URL,
      STREAM: world.streamName,
      PREFIX: world.subjectPrefix,
      PROJECTION: projection.name,
      BATCH_SIZE: '100',
      SLOW_MS: '10',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let batches = 0;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.includes('"position"')) batches++;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, batches: () => batches, exited };
};

/** Is a batch transaction of the worker open right now? (Its run-lock session never is.) */
const batchInFlight = async (): Promise<boolean> =>
  (
    await rows(
      world.pool,
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
       AND application_name = 'projection-worker' AND xact_start IS NOT NULL`,
    )
  ).length > 0;

const snapshot = async () => ({
  counts: await rows(world.pool, `SELECT guild_id, events FROM rm_${projection.name}.guild_counts ORDER BY guild_id`),
  log: await rows(world.pool, `SELECT position, event_id, guild_id, stream_id, version, n FROM rm_${projection.name}.event_log ORDER BY position, n`),
});

beforeAll(async () => {
  world = await createTestWorld('crash');
  projection = counterProjection(`counter_${world.id}`);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await world?.dispose();
});

describe('ProjectionRunner crash safety (real processes, SIGKILL)', { timeout: 120_000 }, () => {
  it('never applies an event twice nor skips one when killed mid-batch, and matches a rebuild from 0', async () => {
    await feed(2_000);
    // More events keep arriving while workers are being killed.
    let feeding = true;
    const feeder = (async () => {
      while (feeding && total < 4_000) {
        await feed(150);
        await new Promise((r) => setTimeout(r, 40));
      }
    })();

    // Kill workers until three were killed inside a batch transaction (at most eight tries: on a
    // loaded machine a kill sometimes lands between batches, which proves less).
    let killedMidBatch = 0;
    for (let i = 0; i < 8 && killedMidBatch < 3; i++) {
      const w = spawnWorker();
      await eventually(async () => w.batches(), (n) => n >= 1, 30_000);
      // Kill as soon as a batch transaction is seen open (usually at once: it sleeps in it).
      await eventually(batchInFlight, (open) => open, 5_000).catch(() => false);
      const open = await batchInFlight();
      w.child.kill('SIGKILL');
      await w.exited;
      if (open) killedMidBatch++;
    }
    feeding = false;
    await feeder;

    const last = spawnWorker();
    const head = await world.store.headPosition();
    await eventually(() => readCheckpoint(world.pool, projection.name), (p) => p >= head, 60_000);
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    expect(killedMidBatch).toBeGreaterThanOrEqual(3);
    const live = await snapshot();
    expect(live.counts).toEqual(
      [...expected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([guild_id, events]) => ({ guild_id, events: String(events) })),
    );
    const ns = live.log.map((r) => Number(r.n)).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: total }, (_, i) => i));

    await rebuildProjection(projection, {
      nc: world.nc,
      pool: world.pool,
      streamName: world.streamName,
      subjectPrefix: world.subjectPrefix,
      logger: world.logger,
    });
    expect(await snapshot()).toEqual(live);
  });
});
