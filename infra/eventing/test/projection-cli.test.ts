import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, runProjectionCli, type Projection } from '../src/index.js';
import { counterProjection } from './fixtures/projection-counter.js';
import { appendCounted, createTestWorld, NATS_URL, publishRaw, rows, type TestWorld } from './projection-support.js';

const CLI = fileURLToPath(new URL('./fixtures/projection-cli-main.ts', import.meta.url));

let world: TestWorld;
let projection: Projection;
let env: NodeJS.ProcessEnv;

/** Runs the CLI in-process, capturing what it writes. */
const cli = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const write = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const [o, e] = [process.stdout.write, process.stderr.write];
  process.stdout.write = write(out) as typeof process.stdout.write;
  process.stderr.write = write(err) as typeof process.stderr.write;
  try {
    const code = await runProjectionCli([projection], argv, env);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
};

beforeAll(async () => {
  world = await createTestWorld('cli');
  projection = counterProjection(`counter_${world.id}`);
  env = {
    NATS_URL,
    DATABASE_URL: world.databaseUrl,
    EVENTS_STREAM: world.streamName,
    EVENTS_SUBJECT_PREFIX: world.subjectPrefix,
    LOG_LEVEL: 'silent',
    PROJECTION: projection.name,
  };
});

afterAll(async () => {
  await world?.dispose();
});

describe('projection CLI', { timeout: 60_000 }, () => {
  it('refuses bad usage and unknown projections with exit code 2 and a clear message', async () => {
    expect(await cli()).toMatchObject({ code: 2, err: expect.stringContaining('usage:') });
    expect(await cli('rebuild')).toMatchObject({ code: 2, err: expect.stringContaining('bad arguments: rebuild') });
    expect(await cli('rebuild', 'nope')).toMatchObject({ code: 2, err: expect.stringContaining(`unknown projection "nope"; known: ${projection.name}`) });
  });

  it('migrates, reports lag and dead letters', async () => {
    expect((await cli('migrate')).code).toBe(0);
    await appendCounted(world, 0, 50);
    await publishRaw(world, `${world.subjectPrefix}.a.b.c`, 'garbage');
    const head = await world.store.headPosition();
    const lag = await cli('lag');
    expect(lag.code).toBe(0);
    expect(JSON.parse(lag.out)).toEqual({ projection: projection.name, position: 0, head, behind: head });
    // No live runner has run: dead letters appear once a rebuild has read the stream.
    expect((await cli('dead-letters', projection.name)).out).toBe('');
  });

  it('rebuilds from its own process, with progress and a summary line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'rebuild', projection.name], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const head = await world.store.headPosition();
    const lines = out.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${projection.name}: done ${head}/${head} \\(100%\\)`)));
    expect(lines.at(-1)).toMatch(new RegExp(`^${projection.name}: rebuilt at position ${head}: 50 events read, 50 applied, 1 dead letters`));
    expect(await readCheckpoint(world.pool, projection.name)).toBe(head);
    const counted = await rows<{ s: string }>(world.pool, `SELECT sum(events) AS s FROM rm_${projection.name}.guild_counts`);
    expect(counted[0]!.s).toBe('50');
    const letters = (await cli('dead-letters', projection.name)).out.trim().split('\n').map((l) => JSON.parse(l) as { reason: string });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.reason).toMatch(/^not JSON/);
  });
});
