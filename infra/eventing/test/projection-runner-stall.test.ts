import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, ProjectionRunner, type Projection } from '../src/index.js';
import { freePort, PrivateNatsServer } from '../src/testing/index.js';
import { counterProjection } from './fixtures/projection-counter.js';
import { appendCounted, createTestWorld, eventually, rows, type TestWorld } from './projection-support.js';

/**
 * A 1 s poll (the timer projections' idleWaitMs) against a private nats-server that is stopped
 * (SIGSTOP) for a moment: its fetch misses two heartbeats. That is an empty fetch, not a failure
 * of the runner: no error logged, no repositioning, and what is appended afterwards is applied.
 */
describe('ProjectionRunner when NATS stalls for a moment', { timeout: 60_000 }, () => {
  let dir: string;
  let server: PrivateNatsServer;
  let world: TestWorld;
  let projection: Projection;
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
        done();
      },
    }),
  );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gh-stall-'));
    server = new PrivateNatsServer(await freePort(), dir);
    await server.start();
    world = await createTestWorld('stall', server.url);
    projection = counterProjection(`counter_stall_${world.id}`);
    await migrate(world.pool, [projection], world.logger);
  });
  afterAll(async () => {
    server?.resume();
    await world?.dispose();
    await server?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const applied = async () =>
    Number((await rows<{ n: string }>(world.pool, `SELECT coalesce(sum(events), 0) AS n FROM rm_${projection.name}.guild_counts`))[0]!.n);

  it('counts a fetch that missed its heartbeats as empty: no error, no repositioning, later events applied', async () => {
    const runner = new ProjectionRunner(projection, {
      nc: world.nc,
      pool: world.pool,
      streamName: world.streamName,
      subjectPrefix: world.subjectPrefix,
      logger,
      batchSize: 100,
      idleWaitMs: 1_000,
      standbyPollMs: 100,
      lagLogIntervalMs: 0,
    });
    runner.start();
    try {
      await appendCounted(world, 0, 5);
      await eventually(applied, (n) => n === 5);
      // Caught up and long-polling: stall the server for two 1 s fetches: each misses its two heartbeats (500 ms apart).
      server.pause();
      await new Promise((r) => setTimeout(r, 2_000));
      server.resume();
      await appendCounted(world, 5, 5);
      await eventually(applied, (n) => n === 10);
      const said = lines.map((l) => l.msg);
      expect(said.filter((m) => m.includes('a fetch missed its heartbeats')).length).toBeGreaterThanOrEqual(1);
      expect(said.filter((m) => m.includes('running from position'))).toHaveLength(1);
      expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    } finally {
      await runner.stop();
    }
  });
});
