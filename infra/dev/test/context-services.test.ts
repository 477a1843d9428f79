import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { services } from '../src/services.js';

const root = resolve(import.meta.dirname, '../../..');
const id = `svc${Date.now().toString(36)}`;
const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall');
databaseUrl.pathname = `/gh_test_${id}`;
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl.toString(),
  EVENTS_STREAM: `EV_${id}`,
  EVENTS_SUBJECT_PREFIX: `es_${id}`,
  COMMANDS_STREAM: `CMD_${id}`,
  COMMANDS_SUBJECT_PREFIX: `cmd_${id}`,
  COMMAND_RESULTS_BUCKET: `RES_${id}`,
  DEAD_LETTERS_STREAM: `DLQ_${id}`,
  DEAD_LETTERS_SUBJECT_PREFIX: `dlq_${id}`,
  MODERATION_PROCESS_CONSUMER: `mp_${id}`,
  LOG_LEVEL: 'info',
};

/** Starts a service as `npm start` does, waits for its `ready` line, then stops it with SIGTERM. */
const startAndStop = async (entry: string): Promise<{ code: number | null; lines: string[] }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const ready = new Promise<void>((done, fail) => {
    for (const input of [child.stdout, child.stderr]) {
      createInterface({ input }).on('line', (l) => {
        lines.push(l);
        if (/"msg":"ready"/.test(l)) done();
      });
    }
    child.once('exit', (code) => fail(new Error(`${entry} exited (${code}) before ready:\n${lines.join('\n')}`)));
  });
  await ready;
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, lines };
};

afterAll(async () => {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  for (const s of [env.EVENTS_STREAM, `${env.EVENTS_STREAM}_CHAIN`, `${env.EVENTS_STREAM}_AUDIT`, env.COMMANDS_STREAM, env.DEAD_LETTERS_STREAM, `KV_${env.COMMAND_RESULTS_BUCKET}`]) {
    await jsm.streams.delete(s).catch(() => undefined);
  }
  await nc.close();
  const admin = new pg.Client({ connectionString: new URL('/postgres', databaseUrl).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "gh_test_${id}" WITH (FORCE)`);
  await admin.end();
});

describe('the context services npm start runs', { timeout: 60_000 }, () => {
  for (const name of ['moderation', 'community', 'messaging', 'audit']) {
    it(`${name} logs ready, then stops cleanly on SIGTERM`, async () => {
      const spec = services.find((s) => s.name === name)!;
      const { code, lines } = await startAndStop(spec.entry);
      expect(code).toBe(0);
      expect(lines.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
    });
  }

  it('a bad setting stops a service with a message naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bounded-contexts/community/src/main.ts'], {
      cwd: root,
      env: { ...env, NATS_URL: 'http://nope', COMMUNITY_CONCURRENCY: 'many' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(out).toMatch(/NATS_URL: must be a URL with protocol nats:/);
    expect(out).toMatch(/COMMUNITY_CONCURRENCY: /);
  });
});
