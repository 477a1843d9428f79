import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createLogger, ensureDatabase } from '@guildhall/eventing';
import { Supervisor } from '../src/supervisor.js';

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall';

describe('ensureDatabase, as npm start uses it (real PostgreSQL)', () => {
  it('creates a missing database once, then finds it', async () => {
    const name = `gh_test_dev_${Date.now().toString(36)}`;
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    try {
      expect(await ensureDatabase(url.toString())).toBe(true);
      expect(await ensureDatabase(url.toString())).toBe(false);
    } finally {
      url.pathname = '/postgres';
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      await c.end();
    }
  });
});

describe('Supervisor', () => {
  it('restarts a service that dies and stops it on request', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'gh-sup-')), 'marker');
    const root = resolve(import.meta.dirname, '..');
    const sup = new Supervisor(root, { ...process.env, FLAKY_MARKER: marker }, createLogger('test', 'silent'));
    await sup.start({ name: 'flaky', dir: 'test/fixtures', entry: 'test/fixtures/flaky-service.ts', metricsPort: 0, opsServer: false });
    // First run wrote the marker and exits; the supervisor must bring it back.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !existsSync(marker)) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    const restarted = await new Promise<boolean>((done) => {
      const t = setInterval(() => {
        if (sup.status().find((s) => s.name === 'flaky')?.restarts === 1) {
          clearInterval(t);
          done(true);
        }
      }, 50);
      setTimeout(() => done(false), 15_000);
    });
    expect(restarted).toBe(true);
    await sup.stop();
  }, 30_000);
});
