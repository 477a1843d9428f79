import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitForCheckpoint } from '@guildhall/eventing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, listCases } from '../src/index.js';
import { G1, runModerationScenario, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, tableRows, type TestWorld } from './support/world.js';

const root = fileURLToPath(new URL('..', import.meta.url));

let world: TestWorld;
let scenario: Scenario;

const envOf = (w: TestWorld): NodeJS.ProcessEnv => ({
  ...process.env,
  METRICS_PORT: '0',
  DATABASE_URL: w.databaseUrl,
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  EVENTS_STREAM: w.streamName,
  EVENTS_SUBJECT_PREFIX: w.subjectPrefix,
  LOG_LEVEL: 'info',
});

/** Runs a TypeScript entry with this Node (22) and tsx, as `npm start` and `npm run rebuild` do. */
const run = (entry: string, args: readonly string[], env: NodeJS.ProcessEnv): { child: ChildProcess; out: string[]; err: string[] } => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => out.push(...d.split('\n').filter(Boolean)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => err.push(d));
  return { child, out, err };
};

const waitFor = async (lines: string[], test: (l: string) => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!lines.some(test)) {
    if (Date.now() > deadline) throw new Error(`not seen after ${timeoutMs} ms; output:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  world = await createTestWorld('service');
  scenario = await runModerationScenario(world.store, 0);
}, 60_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('projections service and rebuild CLI (processes against real NATS + PostgreSQL)', { timeout: 90_000 }, () => {
  it('main.ts migrates, logs "ready", projects the stream, and stops cleanly on SIGTERM', async () => {
    const service = run('src/main.ts', [], envOf(world));
    try {
      await waitFor(service.out, (l) => /"msg":"ready"/.test(l), 30_000);
      const head = await world.store.headPosition();
      for (const p of allProjections) await waitForCheckpoint(world.pool, p.name, head, 30_000);
      const page = await listCases(world.pool, { guildId: G1, includeHidden: true, limit: 200 });
      expect(page.items.length).toBe(scenario.cases.filter((c) => c.guildId === G1).length);
    } finally {
      service.child.kill('SIGTERM');
    }
    const [code] = await once(service.child, 'exit');
    expect(code).toBe(0);
    expect(service.out.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
  });

  it('the CLI rebuilds every read model with progress lines and identical rows', async () => {
    const before = await tableRows(world.pool, 'rm_cases.cases', 'guild_id, case_number');
    const cli = run('src/cli.ts', ['rebuild', 'all'], envOf(world));
    const [code] = await once(cli.child, 'exit');
    expect(cli.err.join('')).toBe('');
    expect(code).toBe(0);
    const head = await world.store.headPosition();
    for (const p of allProjections) {
      expect(cli.out.some((l) => l.startsWith(`${p.name}: done ${head}/${head} (100%)`))).toBe(true);
      expect(cli.out.some((l) => l.startsWith(`${p.name}: rebuilt at position ${head}:`))).toBe(true);
    }
    expect(await tableRows(world.pool, 'rm_cases.cases', 'guild_id, case_number')).toEqual(before);
  });

  it('the CLI refuses an unknown read model with usage (exit 2)', async () => {
    const cli = run('src/cli.ts', ['rebuild', 'nope'], envOf(world));
    const [code] = await once(cli.child, 'exit');
    expect(code).toBe(2);
    expect(cli.err.join('')).toContain('unknown projection "nope"; known: ');
  });
});
