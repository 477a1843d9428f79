import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startSandbox, type SandboxHandle } from '@guildhall/discord-sandbox';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices } from '../src/build.js';
import { services } from '../src/services.js';
import { nodeArgsOf, type RunMode } from '../src/supervisor.js';
import { isolatedStackEnv } from '@guildhall/eventing/testing';

const root = resolve(import.meta.dirname, '../../..');
const id = `svc${Date.now().toString(36)}`;
const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall');
databaseUrl.pathname = `/gh_test_${id}`;
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  DATABASE_URL: databaseUrl.toString(),
  ...isolatedStackEnv(id),
  BOT_INSTANCE_ID: `bot_${id}`,
  PORT: '0',
  METRICS_PORT: '0',
  LOG_LEVEL: 'info',
};
let sandbox: SandboxHandle;

type Started = { code: number | null; lines: string[]; ops: Record<string, { status: number; body: string }> };

/**
 * Starts a service as `npm start` does (from its build, or from source with tsx), waits for its `ready`
 * line, asks its ops port (named in that line) for /healthz, /readyz and /metrics, then stops it with SIGTERM.
 */
const startAndStop = async (spec: (typeof services)[number], mode: RunMode, extraEnv: Record<string, string> = {}): Promise<Started> => {
  const child = spawn(process.execPath, nodeArgsOf(spec, mode), { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const metricsUrl = await new Promise<string>((done, fail) => {
    for (const input of [child.stdout, child.stderr]) {
      createInterface({ input }).on('line', (l) => {
        lines.push(l);
        if (/"msg":"ready"/.test(l)) done((JSON.parse(l) as { metrics: string }).metrics);
      });
    }
    child.once('exit', (code) => fail(new Error(`${spec.entry} exited (${code}) before ready:\n${lines.join('\n')}`)));
  });
  const ops: Started['ops'] = {};
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    const res = await fetch(new URL(path, metricsUrl));
    ops[path] = { status: res.status, body: await res.text() };
  }
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, lines, ops };
};

beforeAll(async () => {
  await buildServices();
  sandbox = await startSandbox({ port: 0, seed: 1, simulator: { enabled: false }, heartbeatIntervalMs: 1_000 });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  for (const s of [env.EVENTS_STREAM, `${env.EVENTS_STREAM}_CHAIN`, `${env.EVENTS_STREAM}_AUDIT`, env.COMMANDS_STREAM, env.DEAD_LETTERS_STREAM, env.DISCORD_STREAM, `KV_${env.COMMAND_RESULTS_BUCKET}`, `KV_${env.STATUS_BUCKET}`]) {
    await jsm.streams.delete(s!).catch(() => undefined);
  }
  await nc.close();
  const admin = new pg.Client({ connectionString: new URL('/postgres', databaseUrl).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "gh_test_${id}" WITH (FORCE)`);
  await admin.end();
});

/** What each service's /readyz must have checked. */
const expectedChecks: Record<string, string[]> = {
  moderation: ['nats', 'postgres'],
  community: ['nats'],
  messaging: ['nats'],
  music: ['nats'],
  automation: ['nats', 'postgres'],
  appeals: ['nats', 'postgres'],
  projections: ['nats', 'postgres'],
  audit: ['nats'],
  http: ['nats', 'postgres'],
  notifier: ['nats'],
  bot: ['nats', 'discord'],
};

describe('the services npm start runs, from the build (npm run build)', { timeout: 90_000 }, () => {
  for (const [name, checks] of Object.entries(expectedChecks)) {
    it(`${name} logs ready, answers /healthz, /readyz and /metrics, then stops cleanly on SIGTERM`, async () => {
      const spec = services.find((s) => s.name === name)!;
      const { code, lines, ops } = await startAndStop(spec, 'built', name === 'bot' ? { SANDBOX_URL: sandbox.url } : {});
      expect(ops['/healthz']!.status).toBe(200);
      expect(ops['/readyz']!.status).toBe(200);
      const ready = JSON.parse(ops['/readyz']!.body) as { status: string; checks: Record<string, { ok: boolean }> };
      expect(ready.status).toBe('ready');
      expect(Object.keys(ready.checks).sort()).toEqual([...checks].sort());
      expect(Object.values(ready.checks).every((c) => c.ok)).toBe(true);
      expect(ops['/metrics']!.status).toBe(200);
      expect(ops['/metrics']!.body).toMatch(/^process_resident_memory_bytes\{service="[a-z-]+"\} \d+/m);
      for (const dependency of checks) expect(ops['/metrics']!.body).toMatch(new RegExp(`^guildhall_dependency_up\\{dependency="${dependency}",service="[a-z-]+"\\} 1$`, 'm'));
      if (name === 'bot') expect(ops['/metrics']!.body).toMatch(/^guildhall_bot_connected\{shard="0",service="discord-bot"\} 1$/m);
      if (name === 'http') expect(ops['/metrics']!.body).toMatch(/^# TYPE guildhall_http_request_duration_seconds histogram$/m);
      expect(code).toBe(0);
      expect(lines.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
    });
  }

  it('from source (npm run start:source) a service starts and stops the same way', async () => {
    const { code, ops } = await startAndStop(services.find((s) => s.name === 'community')!, 'source');
    expect(ops['/readyz']!.status).toBe(200);
    expect(code).toBe(0);
  });

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
