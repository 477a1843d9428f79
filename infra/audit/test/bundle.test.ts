import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson } from '@guildhall/eventing';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STREAM } from '@guildhall/eventing';
import { NATS_URL, auditWorld, event, openChainer, useNats } from './support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const t = useNats('bundle-test');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const run = (cmd: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(cmd, args, { env: { ...process.env, NATS_URL, ...env }, encoding: 'utf8', timeout: 60_000, cwd: tmpdir() });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
// The verifier runs with plain node from an unrelated directory: nothing of the repo is loaded.
const checkBundle = (dir: string, ...args: string[]) => run(process.execPath, [resolve(root, 'tools/verify-bundle.mjs'), dir, ...args]);

/** A chained, checkpointed guild g1 (4 commits, checkpoints after 2 and 4, a key rotation between), exported. */
const exported = async () => {
  const w = await auditWorld(t.nc, 4);
  t.made.push(...w.streams);
  const chainer = await openChainer(t.nc, w);
  await chainer.catchUp();
  await chainer.checkpoint(true);
  await chainer.keyring.rotate('g1');
  for (let i = 0; i < 4; i++) await w.store.append(`test.thing.more${i}`, [event('g1', { more: i })], NO_STREAM);
  await chainer.catchUp();
  await chainer.checkpoint(true);
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  dirs.push(dir);
  const ex = run(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'infra/audit/src/export-cli.ts'), 'g1', dir], w.env);
  expect(ex.err).toBe('');
  expect(ex.code).toBe(0);
  return { w, dir, out: ex.out };
};

const lines = (dir: string) => readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n');
const writeLines = (dir: string, ls: string[]) => writeFileSync(join(dir, 'events.ndjson'), `${ls.join('\n')}\n`);

describe('verifiable export bundle, checked offline by tools/verify-bundle.mjs', () => {
  it('exports a guild (events, links, checkpoints, endorsed keys) and the standalone verifier accepts it', async () => {
    const { dir, out } = await exported();
    expect(out).toMatch(/^exported 6 events \(6 commits\), 2 checkpoints, 2 keys of guild g1/);
    const r = checkBundle(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^bundle verified: 6 events in 6 commits of guild g1, 2 signed checkpoints, 2 keys/);
    const k1 = (JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as { publicKey: string }[])[0]!.publicKey;
    expect(checkBundle(dir, '--trust-key', k1).code).toBe(0);
    const wrong = checkBundle(dir, '--trust-key', generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64'));
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/keys.json key g1\/k1: is not the trusted key/);
  });

  it('names a changed event, a removed one and a reordered pair by line', async () => {
    const { dir } = await exported();
    const orig = lines(dir);
    const changed = [...orig];
    const l2 = JSON.parse(changed[1]!) as { commit: { events: { payload: unknown }[] } };
    l2.commit.events[0]!.payload = { i: 'rewritten' };
    changed[1] = JSON.stringify(l2);
    writeLines(dir, changed);
    const c = checkBundle(dir);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/events.ndjson line 2: position \d+: changed/);

    writeLines(dir, orig.filter((_, i) => i !== 2));
    const d = checkBundle(dir);
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/events.ndjson line 3: position \d+: out of order or a line before it is missing/);

    writeLines(dir, [orig[0]!, orig[2]!, orig[1]!, ...orig.slice(3)]);
    const o = checkBundle(dir);
    expect(o.code).toBe(1);
    expect(o.out).toMatch(/events.ndjson line 2: position \d+: out of order/);
  });

  it('names a checkpoint signed by another key', async () => {
    const { dir } = await exported();
    const cps = JSON.parse(readFileSync(join(dir, 'checkpoints.json'), 'utf8')) as Record<string, unknown>[];
    const { signature: _s, ...body } = cps[0]!;
    const other = generateKeyPairSync('ed25519').privateKey;
    cps[0] = { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), other).toString('base64') };
    writeFileSync(join(dir, 'checkpoints.json'), JSON.stringify(cps));
    const r = checkBundle(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoints.json checkpoint 1 \(\d+ commits up to position \d+\): signature does not verify with g1\/k1/);
  });
});
