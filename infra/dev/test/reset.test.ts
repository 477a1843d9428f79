import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ensureDatabase } from '@guildhall/eventing';

const root = resolve(import.meta.dirname, '../../..');
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'infra/dev/src/reset.ts', ...args], { cwd: root, env, encoding: 'utf8' });

describe('npm run reset', { timeout: 60_000 }, () => {
  it('refuses without --yes and changes nothing', () => {
    const r = run([], { ...process.env, EVENTS_STREAM: 'NEVER_TOUCHED' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/npm run reset -- --yes/);
  });

  it('deletes the streams and the database the settings name', async () => {
    const id = `rst${Date.now().toString(36)}`;
    const db = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall');
    db.pathname = `/gh_test_${id}`;
    await ensureDatabase(db.toString());
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: `EV_${id}`, subjects: [`es_${id}.>`] });
    await jsm.streams.add({ name: `EV_${id}_CHAIN`, subjects: [`es_${id}_chain.>`] });
    const env = {
      ...process.env,
      DATABASE_URL: db.toString(),
      EVENTS_STREAM: `EV_${id}`,
      EVENTS_SUBJECT_PREFIX: `es_${id}`,
      COMMANDS_STREAM: `CMD_${id}`,
      DEAD_LETTERS_STREAM: `DLQ_${id}`,
      COMMAND_RESULTS_BUCKET: `RES_${id}`,
      DISCORD_STREAM: `DSC_${id}`,
      STATUS_BUCKET: `ST_${id}`,
    };
    const r = run(['--yes'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`deleted stream EV_${id}`);
    // The audit chain describes the events, so it goes with them.
    expect(r.stdout).toContain(`deleted stream EV_${id}_CHAIN`);
    expect(r.stdout).toContain(`absent  stream EV_${id}_AUDIT`);
    expect(r.stdout).toContain(`absent  stream CMD_${id}`);
    await expect(jsm.streams.info(`EV_${id}`)).rejects.toThrow();
    await nc.close();
    db.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: db.toString() });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [`gh_test_${id}`]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
