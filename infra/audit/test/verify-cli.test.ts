import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { NATS_URL, auditWorld, event, openChainer, useNats } from './support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const t = useNats('verify-cli-test');

const verify = (env: Record<string, string>, ...args: string[]) => {
  const r = spawnSync(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'infra/audit/src/verify-cli.ts'), ...args], {
    env: { ...process.env, NATS_URL, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('npm run verify (the fixed contract)', () => {
  it('exits 0 with "verified <n> events" on an intact store, for all guilds or one', async () => {
    const w = await auditWorld(t.nc, 6);
    t.made.push(...w.streams);
    const chainer = await openChainer(t.nc, w);
    await chainer.catchUp();
    await chainer.checkpoint(true);
    const all = verify(w.env);
    expect(all.err).toBe('');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^verified 6 events\n/);
    const one = verify(w.env, 'g2');
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^verified 3 events\n/);
  });

  it('exits 1 naming both a forged event and a deleted one (stream, position, what is wrong)', async () => {
    const w = await auditWorld(t.nc, 6);
    t.made.push(...w.streams);
    const chainer = await openChainer(t.nc, w);
    await chainer.catchUp();
    await chainer.checkpoint(true);
    await t.jsm.streams.deleteMessage(w.streamName, 2);
    const forged = await jetstream(t.nc).publish(`${w.subjectPrefix}.moderation.case.g1-9`, JSON.stringify({ commitId: 'x', events: [event('g1')] }));
    const r = verify(w.env);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('FAILED: 2 problem(s); the first bad place:');
    expect(lines[1]).toMatch(new RegExp(`^  DELETED in stream ${w.streamName} at position 2 .*\\[guild g2\\]: message deleted`));
    expect(lines[2]).toMatch(new RegExp(`^  FORGED in stream ${w.streamName} at position ${forged.seq} \\(${w.subjectPrefix}\\.moderation\\.case\\.g1-9\\).*no writer seal`));
  });

  it('exits 2 naming the variable when a setting is bad', () => {
    const r = verify({ AUDIT_SECRET: 'short' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/AUDIT_SECRET: must be at least 16 characters/);
  });
});
