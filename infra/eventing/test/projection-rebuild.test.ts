import { InfraError } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrate,
  ProjectionRunner,
  readCheckpoint,
  rebuildProjection,
  type Projection,
  type RebuildOptions,
  type RebuildProgress,
} from '../src/index.js';
import { counterProjection } from './fixtures/projection-counter.js';
import { appendCounted, createTestWorld, eventually, rows, type TestWorld } from './projection-support.js';

let world: TestWorld;
let projection: Projection;
let runner: ProjectionRunner;
const expected = new Map<string, number>();
let total = 0;

const feed = async (count: number) => {
  const perGuild = await appendCounted(world, total, count);
  for (const [g, k] of perGuild) expected.set(g, (expected.get(g) ?? 0) + k);
  total += count;
};

const snapshot = async (schema = `rm_${projection.name}`) => ({
  counts: await rows(world.pool, `SELECT guild_id, events FROM ${schema}.guild_counts ORDER BY guild_id`),
  log: await rows(world.pool, `SELECT position, event_id, guild_id, stream_id, version, n FROM ${schema}.event_log ORDER BY position, n`),
});

const expectedCounts = () =>
  [...expected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([guild_id, events]) => ({ guild_id, events: String(events) }));

const rebuildOptions = (extra: Partial<RebuildOptions> = {}): RebuildOptions => ({
  nc: world.nc,
  pool: world.pool,
  streamName: world.streamName,
  subjectPrefix: world.subjectPrefix,
  logger: world.logger,
  batchSize: 200,
  progressIntervalMs: 0,
  ...extra,
});

const caughtUp = async () => runner.waitForPosition(await world.store.headPosition(), 20_000);

beforeAll(async () => {
  world = await createTestWorld('rebuild');
  projection = counterProjection(`counter_${world.id}`);
  await migrate(world.pool, [projection], world.logger);
  runner = new ProjectionRunner(projection, {
    nc: world.nc,
    pool: world.pool,
    streamName: world.streamName,
    subjectPrefix: world.subjectPrefix,
    logger: world.logger,
    batchSize: 100,
    idleWaitMs: 1_000,
    lagLogIntervalMs: 0,
  });
  runner.start();
  await feed(1_500);
  await caughtUp();
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await world?.dispose();
});

describe('rebuildProjection against NATS JetStream and PostgreSQL', { timeout: 60_000 }, () => {
  it('replays into rm_x__next with progress, switches in identical rows, and keeps serving readers', async () => {
    const live = await snapshot();
    expect(live.counts).toEqual(expectedCounts());
    // A reader hammering the live schema through the switch must always see the whole model.
    const sums: number[] = [];
    const errors: unknown[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        try {
          const r = await world.pool.query<{ s: string }>(`SELECT sum(events) AS s FROM rm_${projection.name}.guild_counts`);
          sums.push(Number(r.rows[0]!.s));
        } catch (e) {
          errors.push(e);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const progress: RebuildProgress[] = [];
    const head = await world.store.headPosition();
    const result = await rebuildProjection(projection, rebuildOptions({ onProgress: (p) => progress.push(p) }));
    reading = false;
    await reader;

    expect(await snapshot()).toEqual(live);
    expect(errors).toEqual([]);
    expect(sums.length).toBeGreaterThan(0);
    expect(new Set(sums)).toEqual(new Set([1_500]));
    expect(result).toMatchObject({ position: head, events: 1_500, eventsApplied: 1_500, deadLetters: 0 });
    expect(result.eventsPerSecond).toBeGreaterThan(0);
    expect(progress.map((p) => p.phase)).toContain('replay');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', position: head, head, eventsDone: 1_500 });
    const positions = progress.map((p) => p.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await readCheckpoint(world.pool, projection.name)).toBe(head);
    const schemas = await rows<{ nspname: string }>(world.pool, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm_%' ORDER BY 1`);
    expect(schemas.map((s) => s.nspname)).toEqual([`rm_${projection.name}`]);
    const migrations = await rows(world.pool, 'SELECT schema_name, idx FROM guildhall.projection_migrations ORDER BY idx');
    expect(migrations).toEqual([0, 1, 2].map((idx) => ({ schema_name: `rm_${projection.name}`, idx })));

    // The live runner, which kept running, continues from the switched-in checkpoint.
    await feed(300);
    await caughtUp();
    expect((await snapshot()).counts).toEqual(expectedCounts());
    const log = await rows<{ n: string; c: string }>(world.pool, `SELECT count(*) AS c, count(DISTINCT n) AS n FROM rm_${projection.name}.event_log`);
    expect(log[0]).toEqual({ c: String(total), n: String(total) });
  });

  it('switches correctly while the live runner keeps applying new events during the rebuild', async () => {
    let feeding = true;
    const feeder = (async () => {
      while (feeding) await feed(40);
    })();
    const result = await rebuildProjection(projection, rebuildOptions({ batchSize: 150 }));
    await eventually(async () => total, (t) => t > result.events + 80);
    feeding = false;
    await feeder;
    await caughtUp();
    const after = await snapshot();
    expect(after.counts).toEqual(expectedCounts());
    expect(after.log.length).toBe(total);
    expect(new Set(after.log.map((r) => r.n)).size).toBe(total);
    // And a rebuild from 0 of that state is identical, row for row.
    await rebuildProjection(projection, rebuildOptions());
    expect(await snapshot()).toEqual(after);
  });

  it('refuses a second rebuild of the same projection while one runs (REBUILD_RUNNING)', async () => {
    const slow = counterProjection(projection.name, { slowMs: 30 });
    const first = rebuildProjection(slow, rebuildOptions({ batchSize: 100 }));
    await eventually(
      async () => (await rows(world.pool, `SELECT 1 FROM guildhall.projection_rebuilds WHERE name = '${projection.name}'`)).length,
      (n) => n === 1,
    );
    const second = await rebuildProjection(slow, rebuildOptions()).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(InfraError);
    expect((second as InfraError).code).toBe('REBUILD_RUNNING');
    await first;
    await caughtUp();
    expect((await snapshot()).counts).toEqual(expectedCounts());
  });
});
