import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { startTestStack, type TestStack } from './support/world.js';

const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** A replica of the API as its own process (`src/main.ts`), on this stack's stores, with small limits. */
const startReplica = (env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN], { env: { ...process.env, ...env, METRICS_PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => reject(new Error('the replica did not log ready')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const j = JSON.parse(line) as { msg?: string; port?: number };
        if (j.msg === 'ready' && j.port) {
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${j.port}`, child });
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`the replica exited with ${code}`)));
  });

/** Fixed one-minute windows: start a burst early in a window so it cannot straddle two. */
const earlyInWindow = async () => {
  const s = new Date().getUTCSeconds();
  if (s > 45) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
};

describe('rate limits shared by two API processes (PostgreSQL counters)', () => {
  let stack: TestStack;
  let a: { url: string; child: ChildProcess };
  let b: { url: string; child: ChildProcess };

  beforeAll(async () => {
    stack = await startTestStack('ratelimit');
    const env = { ...stack.settings, RATE_LIMIT_PER_MINUTE: '8', RATE_LIMIT_COMMANDS_PER_MINUTE: '3', RATE_LIMIT_LOGIN_PER_MINUTE: '4', PUBLIC_URL: stack.gateway.deps.publicUrl };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  }, 120_000);
  afterAll(async () => {
    for (const r of [a, b]) r?.child.kill('SIGTERM');
    await stack?.dispose();
  });

  // First: the sign-ins below (on the stack's own replica) count in the same per-IP budget.
  it('limits login attempts per IP, strictest of all', async () => {
    await earlyInWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${i % 2 ? b.url : a.url}/auth/login`, { redirect: 'manual' })).status);
    expect(statuses.slice(0, 4)).toEqual([302, 302, 302, 302]);
    expect(statuses.slice(4)).toEqual([429, 429]);
  });
  it('counts a session across both replicas: 429 with Retry-After and RateLimit-* once the minute is used up', async () => {
    const people = stack.sandbox.world.people(stack.guildId);
    const browser = new Browser(stack.gateway.url); // signs in on the stack's own (generous) replica
    await logIn(browser, stack.sandbox, people.moderators[0]!);
    const cookie = browser.cookie('gh_session')!;
    const call = (base: string, path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, redirect: 'manual', headers: { cookie: `gh_session=${cookie}`, 'x-guildhall-csrf': '1', 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    await earlyInWindow();
    const remaining: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await call(i % 2 ? b.url : a.url, '/api/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('8');
      remaining.push(Number(res.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    for (const base of [a.url, b.url]) {
      const refused = await call(base, '/api/me');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }
    // Commands have their own, stricter budget.
    const cmd = (base: string) => call(base, `/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, { method: 'POST', body: '{}' });
    expect([(await cmd(a.url)).status, (await cmd(b.url)).status, (await cmd(a.url)).status]).toEqual([400, 400, 400]);
    expect((await cmd(b.url)).status).toBe(429);
    // Another caller is not affected.
    const other = new Browser(stack.gateway.url);
    await logIn(other, stack.sandbox, people.moderators[1]!);
    expect((await fetch(`${a.url}/api/me`, { headers: { cookie: `gh_session=${other.cookie('gh_session')!}` } })).status).toBe(200);
  });

});
