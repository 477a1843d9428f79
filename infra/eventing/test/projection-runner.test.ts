import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listDeadLetters,
  migrate,
  ProjectionRunner,
  ReadModelNotificationSchema,
  readCheckpoint,
  type Projection,
  type ProjectionRunnerOptions,
} from '../src/index.js';
import { consumerName } from '../src/projection/projection-names.js';
import { counterProjection } from './fixtures/projection-counter.js';
import { appendCounted, countedEvent, createTestWorld, eventually, GUILDS, publishRaw, rows, type TestWorld } from './projection-support.js';

let world: TestWorld;
let projection: Projection;
let expected: Map<string, number>;
let total = 0;

const runnerOptions = (): ProjectionRunnerOptions => ({
  nc: world.nc,
  pool: world.pool,
  streamName: world.streamName,
  subjectPrefix: world.subjectPrefix,
  logger: world.logger,
  batchSize: 100,
  idleWaitMs: 1_000,
  standbyPollMs: 100,
  lagLogIntervalMs: 0,
});

const feed = async (count: number) => {
  const perGuild = await appendCounted(world, total, count);
  for (const [g, k] of perGuild) expected.set(g, (expected.get(g) ?? 0) + k);
  total += count;
};

const counts = async () =>
  Object.fromEntries(
    (await rows<{ guild_id: string; events: string }>(world.pool, `SELECT guild_id, events FROM rm_${projection.name}.guild_counts`)).map((r) => [
      r.guild_id,
      Number(r.events),
    ]),
  );

const eventLog = async () =>
  (
    await rows<{ n: number; rows: string; distinct_n: string }>(
      world.pool,
      `SELECT count(*) AS rows, count(DISTINCT n) AS distinct_n, coalesce(max(n), -1) AS n FROM rm_${projection.name}.event_log`,
    )
  )[0]!;

const head = () => world.store.headPosition();

beforeAll(async () => {
  world = await createTestWorld('run');
  projection = counterProjection(`counter_${world.id}`);
  expected = new Map();
  await migrate(world.pool, [projection], world.logger);
});

afterAll(async () => {
  await world?.dispose();
});

describe('ProjectionRunner against NATS JetStream and PostgreSQL', { timeout: 30_000 }, () => {
  it('runs each migration once per schema and records it', async () => {
    await migrate(world.pool, [projection], world.logger);
    const applied = await rows<{ idx: number }>(
      world.pool,
      `SELECT idx FROM guildhall.projection_migrations WHERE schema_name = 'rm_${projection.name}' ORDER BY idx`,
    );
    expect(applied.map((r) => r.idx)).toEqual([0, 1, 2]);
    const extended: Projection = { ...projection, migrations: [...projection.migrations, (s) => `CREATE TABLE ${s}.extra (id int)`] };
    await migrate(world.pool, [extended], world.logger);
    const after = await rows<{ idx: number }>(
      world.pool,
      `SELECT idx FROM guildhall.projection_migrations WHERE schema_name = 'rm_${projection.name}' ORDER BY idx`,
    );
    expect(after.map((r) => r.idx)).toEqual([0, 1, 2, 3]);
    await world.pool.query(`DROP TABLE rm_${projection.name}.extra`);
    await world.pool.query(`DELETE FROM guildhall.projection_migrations WHERE schema_name = 'rm_${projection.name}' AND idx = 3`);
  });

  it('applies every event exactly once, checkpoints the last commit and notifies rm.<guildId>.<model>', async () => {
    const seen: { subject: string; position: number }[] = [];
    const sub = world.nc.subscribe(`rm.*.${projection.name}`, {
      callback: (_err, msg) => {
        seen.push({ subject: msg.subject, position: ReadModelNotificationSchema.parse(msg.json()).position });
      },
    });
    await feed(600);
    const runner = new ProjectionRunner(projection, runnerOptions());
    runner.start();
    const h = await head();
    await runner.waitForPosition(h);
    await runner.stop();
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: '600', distinct_n: '600', n: 599 });
    expect(await readCheckpoint(world.pool, projection.name)).toBe(h);
    await eventually(async () => seen.length, () => seen.some((s) => s.position === h));
    sub.unsubscribe();
    for (const guild of GUILDS) {
      const mine = seen.filter((s) => s.subject === `rm.${guild}.${projection.name}`);
      expect(mine.length).toBeGreaterThan(0);
      // Several batches, so several notifications, each once per guild per batch, in order.
      expect(mine.map((s) => s.position)).toEqual([...new Set(mine.map((s) => s.position))].sort((a, b) => a - b));
    }
    expect(runner.state).toBe('stopped');
  });

  it('reports lag as { position, head, behind } and resumes from the checkpoint after a restart', async () => {
    const before = await head();
    await feed(90);
    const after = await head();
    const runner = new ProjectionRunner(projection, runnerOptions());
    expect(await runner.lag()).toEqual({ position: before, head: after, behind: after - before });
    runner.start();
    await runner.waitForPosition(after);
    expect(await runner.lag()).toEqual({ position: after, head: after, behind: 0 });
    await runner.stop();
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: String(total), distinct_n: String(total), n: total - 1 });
  });

  it('dead-letters malformed commits with the reason, and keeps applying what follows', async () => {
    const runner = new ProjectionRunner(projection, runnerOptions());
    runner.start();
    const p = world.subjectPrefix;
    const notJson = await publishRaw(world, `${p}.test.counter.raw1`, '{not json');
    const notCommit = await publishRaw(world, `${p}.test.counter.raw2`, JSON.stringify({ commitId: 'c1', events: [{ id: 'x' }] }));
    const badSubject = await publishRaw(
      world,
      `${p}.only.two`,
      JSON.stringify({ commitId: 'c2', events: [countedEvent(-1, GUILDS[0])] }),
    );
    await feed(30);
    const h = await head();
    await runner.waitForPosition(h);
    await runner.stop();
    const letters = await listDeadLetters(world.pool, projection.name);
    expect(letters.map((l) => l.position)).toEqual([notJson, notCommit, badSubject]);
    expect(letters[0]!.reason).toMatch(/^not JSON/);
    expect(letters[1]!.reason).toMatch(/^not a commit: events\.0\./);
    expect(letters[2]!.reason).toMatch(/is not .*<context>\.<streamType>\.<id>/);
    const raw = await rows<{ raw: Buffer }>(world.pool, `SELECT raw FROM guildhall.projection_dead_letters WHERE position = ${notJson}`);
    expect(raw[0]!.raw.toString()).toBe('{not json');
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: String(total), distinct_n: String(total), n: total - 1 });
  });

  it('dead-letters a commit the projection throws on, and applies the rest of its batch', async () => {
    // Appended while no runner runs, so that the poison commit lands in the middle of one batch.
    await feed(10);
    const poison = await world.store.append('test.counter.poison', [{ ...countedEvent(-2, GUILDS[1]), payload: { n: 'not a number' } }], 'any');
    await feed(10);
    const runner = new ProjectionRunner(projection, runnerOptions());
    runner.start();
    await runner.waitForPosition(await head());
    await runner.stop();
    const letter = (await listDeadLetters(world.pool, projection.name)).find((l) => l.position === poison.position);
    expect(letter?.reason).toMatch(/^apply failed: .*n/s);
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: String(total), distinct_n: String(total), n: total - 1 });
  });

  it('skips event types the projection does not consume, but checkpoints them', async () => {
    const runner = new ProjectionRunner(projection, runnerOptions());
    runner.start();
    const r = await world.store.append('test.counter.other', [countedEvent(-3, GUILDS[2], 'test.ignored')], 'any');
    await runner.waitForPosition(r.position);
    await runner.stop();
    expect(await readCheckpoint(world.pool, projection.name)).toBe(r.position);
    expect(await counts()).toEqual(Object.fromEntries(expected));
  });

  it('acknowledges a batch it consumes nothing of without a transaction, and checkpoints it later (here: at stop)', async () => {
    const runner = new ProjectionRunner(projection, { ...runnerOptions(), skippedCheckpointMs: 60_000 });
    runner.start();
    const before = await head();
    await runner.waitForPosition(before);
    const r = await world.store.append('test.counter.other', [countedEvent(-4, GUILDS[1], 'test.ignored')], 'any');
    const jsm = await jetstreamManager(world.nc);
    await eventually(() => jsm.consumers.info(world.streamName, consumerName(projection.name)), (i) => i.ack_floor.stream_seq >= r.position);
    // Delivered and acknowledged, but not written: the checkpoint trails by up to skippedCheckpointMs.
    expect(await readCheckpoint(world.pool, projection.name)).toBe(before);
    await runner.stop();
    expect(await readCheckpoint(world.pool, projection.name)).toBe(r.position);
    expect(await counts()).toEqual(Object.fromEntries(expected));
  });

  it('writes skipped positions with the next batch it applies, and after skippedCheckpointMs when none comes', async () => {
    const runner = new ProjectionRunner(projection, { ...runnerOptions(), skippedCheckpointMs: 200 });
    runner.start();
    await world.store.append('test.counter.other', [countedEvent(-5, GUILDS[0], 'test.ignored')], 'any');
    await feed(1);
    await runner.waitForPosition(await head());
    expect(await counts()).toEqual(Object.fromEntries(expected));
    const r = await world.store.append('test.counter.other', [countedEvent(-6, GUILDS[0], 'test.ignored')], 'any');
    await runner.waitForPosition(r.position, 5_000);
    await runner.stop();
  });

  it('survives its PostgreSQL sessions being killed: retakes the lock, repositions, applies each event once', async () => {
    const runner = new ProjectionRunner(projection, { ...runnerOptions(), retryDelayMs: 50 });
    runner.start();
    await eventually(async () => runner.state, (s) => s === 'running');
    for (let i = 0; i < 3; i++) {
      await feed(100);
      await world.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    }
    await feed(100);
    await runner.waitForPosition(await head(), 20_000);
    await runner.stop();
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: String(total), distinct_n: String(total), n: total - 1 });
  });

  it('recreates its durable consumer when it is deleted under it, from the checkpoint', async () => {
    const runner = new ProjectionRunner(projection, { ...runnerOptions(), retryDelayMs: 50 });
    runner.start();
    await eventually(async () => runner.state, (s) => s === 'running');
    await feed(50);
    await runner.waitForPosition(await head());
    const jsm = await jetstreamManager(world.nc);
    expect(await jsm.consumers.delete(world.streamName, `proj_${projection.name}`)).toBe(true);
    await feed(50);
    await runner.waitForPosition(await head(), 20_000);
    await runner.stop();
    expect((await jsm.consumers.info(world.streamName, `proj_${projection.name}`)).config.filter_subject).toBe(`${world.subjectPrefix}.>`);
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: String(total), distinct_n: String(total), n: total - 1 });
  });

  it('lets one runner per projection apply while another stands by, then takes over', async () => {
    const a = new ProjectionRunner(projection, runnerOptions());
    const b = new ProjectionRunner(projection, runnerOptions());
    a.start();
    await eventually(async () => a.state, (s) => s === 'running');
    b.start();
    await feed(120);
    await a.waitForPosition(await head());
    expect(b.state).toBe('standby');
    await a.stop();
    await eventually(async () => b.state, (s) => s === 'running');
    await feed(120);
    await b.waitForPosition(await head());
    await b.stop();
    expect(await counts()).toEqual(Object.fromEntries(expected));
    expect(await eventLog()).toEqual({ rows: String(total), distinct_n: String(total), n: total - 1 });
  });
});
