import { generateKeyPairSync } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditNames,
  auditSecret,
  canonicalJson,
  Chainer,
  connectNats,
  createSealer,
  createLogger,
  JetStreamEventStore,
  NO_STREAM,
  readAuditRecords,
  readRaw,
  SEAL_HEADER,
  signText,
  subjects,
  verifyAudit,
  verifyStore,
  type Checkpoint,
  type StoredMessage,
} from '../src/index.js';
import { uniqueNames } from '../src/testing/index.js';
import { newEvent, newStreamId } from './event-store.contract.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const secret = auditSecret('chain-test-secret-0123456789');
const logger = createLogger('chain-test', 'silent');
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const made: string[] = [];

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'chain-test');
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  for (const s of made) await jsm.streams.delete(s).catch(() => undefined);
  await nc.close();
});

/** A fresh store with `n` commits alternating between guilds g1 and g2, chained. */
const world = async (n = 6) => {
  const { streamName, subjectPrefix } = uniqueNames('chain').events;
  const names = auditNames(streamName, subjectPrefix);
  made.push(streamName, names.chainStream, names.auditStream);
  const sealedStore = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger, sealer: createSealer(secret.sealKey) });
  const streams: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = newStreamId();
    streams.push(id);
    await sealedStore.append(id, [newEvent({ guildId: i % 2 === 0 ? 'g1' : 'g2', payload: { i } }), newEvent({ guildId: i % 2 === 0 ? 'g1' : 'g2' })], NO_STREAM);
  }
  const chainer = await Chainer.open({ nc, streamName, subjectPrefix, secret, logger, checkpointEvery: 2 });
  await chainer.catchUp();
  const verify = (guildId?: string) => verifyStore(nc, { streamName, subjectPrefix, secret, ...(guildId ? { guildId } : {}) });
  return { streamName, subjectPrefix, names, store: sealedStore, chainer, verify, streams };
};

describe('the audit chain on nats-server', () => {
  it('links every commit into its guild chain; verify recomputes it and checks the signed checkpoints', async () => {
    const w = await world(6);
    const cps = await w.chainer.checkpoint();
    expect(cps.map((c) => [c.guildId, c.links, c.events])).toEqual([['g1', 3, 6], ['g2', 3, 6]]);
    const r = await w.verify();
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, events: 12, commits: 6, pending: 0, checkpoints: 2, guilds: 2, upToPosition: 6 });
    const g1 = await w.verify('g1');
    expect(g1).toMatchObject({ ok: true, events: 6, commits: 3, checkpoints: 1 });
  });

  it('names a commit published straight to a subject (no writer seal) as FORGED, and the chainer refuses to link it', async () => {
    const w = await world(4);
    const forged = JSON.stringify({ commitId: 'forged-1', events: [{ ...newEvent({ guildId: 'g1' }) }] });
    const ack = await js.publish(`${w.subjectPrefix}.test.thing.forged`, forged);
    const before = await w.verify();
    expect(before.ok).toBe(false);
    expect(before.problems[0]).toMatchObject({ code: 'FORGED', stream: w.streamName, position: ack.seq, subject: `${w.subjectPrefix}.test.thing.forged` });
    expect(before.problems[0]!.what).toMatch(/no writer seal/);
    await w.chainer.catchUp();
    const after = await w.verify();
    expect(after.problems.map((p) => [p.code, p.position])).toEqual([['FORGED', ack.seq]]);
    // A later legitimate append still chains and verifies: the forgery did not enter the chain.
    await w.store.append(newStreamId(), [newEvent({ guildId: 'g1' })], NO_STREAM);
    await w.chainer.catchUp();
    expect((await w.verify()).problems.map((p) => p.code)).toEqual(['FORGED']);
  });

  it('names a deleted message (JetStream message delete) as DELETED, with a forged one elsewhere also named', async () => {
    const w = await world(6);
    await w.chainer.checkpoint(true);
    await jsm.streams.deleteMessage(w.streamName, 3);
    await js.publish(`${w.subjectPrefix}.test.thing.x`, JSON.stringify({ commitId: 'f', events: [newEvent({ guildId: 'g2' })] }));
    const r = await w.verify();
    expect(r.problems.map((p) => [p.code, p.stream, p.position])).toEqual([
      ['DELETED', w.streamName, 3],
      ['FORGED', w.streamName, 7],
    ]);
    expect(r.problems[0]!.what).toMatch(/message deleted: the chain links commit .* of guild g1/);
  });

  it('a message deleted together with its chain record is still caught: the chain stream has a hole and the signed checkpoint is not reached', async () => {
    const w = await world(6);
    await w.chainer.checkpoint(true);
    // Chain record 1 is the genesis; record 2 holds the links of all six commits.
    await jsm.streams.deleteMessage(w.streamName, 3);
    await jsm.streams.deleteMessage(w.names.chainStream, 2);
    const r = await w.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.code, p.stream, p.position])).toEqual([
      ['BAD_LINK', w.names.chainStream, 2],
      // The audit stream holds key g1, checkpoint g1, key g2, checkpoint g2.
      ['BAD_CHECKPOINT', w.names.auditStream, 2],
      ['BAD_CHECKPOINT', w.names.auditStream, 4],
    ]);
    expect(r.problems[0]!.what).toMatch(/chain record deleted/);
  });

  it('a forged chain record (not sealed by the chainer) is named BAD_LINK', async () => {
    const w = await world(2);
    const ack = await js.publish(subjects.links(w.names), JSON.stringify({ v: 1, kind: 'links', links: [], seal: 'x' }));
    const fake = await js.publish(subjects.links(w.names), JSON.stringify({ v: 1, kind: 'links', links: [{ position: 9, subject: 's', guildId: 'g1', status: 'linked', events: 1, prev: null, hash: null }], seal: 'AAAA' }));
    const r = await w.verify();
    expect(r.problems.map((p) => [p.code, p.position])).toEqual([
      ['BAD_LINK', ack.seq],
      ['BAD_LINK', fake.seq],
    ]);
    expect(r.problems[0]!.what).toMatch(/unreadable chain record/);
    expect(r.problems[1]!.what).toMatch(/forged chain record: its seal does not verify/);
  });

  it('an append whose chain link is not written yet (the chainer crashed or lags) is pending, never a gap', async () => {
    const w = await world(2);
    await w.store.append(newStreamId(), [newEvent({ guildId: 'g1' })], NO_STREAM);
    const r = await w.verify();
    expect(r).toMatchObject({ ok: true, pending: 1, events: 4 });
    // A new chainer (after a crash) resumes from the stored chain.
    const again = await Chainer.open({ nc, streamName: w.streamName, subjectPrefix: w.subjectPrefix, secret, logger });
    expect(again.lastPosition).toBe(2);
    expect(await again.catchUp()).toBe(1);
    expect(await w.verify()).toMatchObject({ ok: true, pending: 0, events: 5 });
  });

  it('two chainers at once never fork the chain: the chain stream OCC makes the second fail, and it reloads', async () => {
    const w = await world(0);
    for (let i = 0; i < 50; i++) await w.store.append(newStreamId(), [newEvent({ guildId: `g${i % 3}` })], NO_STREAM);
    const other = await Chainer.open({ nc, streamName: w.streamName, subjectPrefix: w.subjectPrefix, secret, logger });
    const results = await Promise.allSettled([w.chainer.catchUp(), other.catchUp()]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    await w.chainer.catchUp().catch(() => undefined);
    await other.catchUp().catch(() => undefined);
    const r = await w.verify();
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, commits: 50, pending: 0 });
  });

  it('names a sealed commit stored a second time (replayed past the dedupe window) as REPLAYED', async () => {
    const w = await world(2);
    const first = await jsm.streams.getMessage(w.streamName, { seq: 1 });
    const h = headers();
    h.set(SEAL_HEADER, first!.header.get(SEAL_HEADER));
    const ack = await js.publish(first!.subject, first!.data, { headers: h, msgID: 'another-id' });
    await w.chainer.catchUp();
    const r = await w.verify();
    expect(r.problems.map((p) => [p.code, p.position])).toEqual([['REPLAYED', ack.seq]]);
  });

  it('names a checkpoint signed by another key, and a key the audit secret does not give', async () => {
    const w = await world(2);
    const [cp] = await w.chainer.checkpoint(true);
    const other = generateKeyPairSync('ed25519').privateKey;
    const { signature: _s, ...body } = cp!;
    const forged: Checkpoint = { ...body, links: 1, signature: signText(other, canonicalJson({ ...body, links: 1 })) };
    const ack = await js.publish(subjects.checkpoint(w.names, cp!.guildId), JSON.stringify(forged));
    const r = await w.verify();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'BAD_CHECKPOINT', stream: w.names.auditStream, position: ack.seq });
    expect(r.problems[0]!.what).toMatch(/does not verify with g\d\/k1/);
  });

  it('rotates a guild key: the new key is endorsed by the old one and later checkpoints verify with it', async () => {
    const w = await world(4);
    await w.chainer.checkpoint(true);
    const k2 = await w.chainer.keyring.rotate('g1');
    expect(k2).toMatchObject({ version: 2, previousKeyId: 'g1/k1' });
    await w.store.append(newStreamId(), [newEvent({ guildId: 'g1' })], NO_STREAM);
    await w.chainer.catchUp();
    const cps = await w.chainer.checkpoint(true);
    expect(cps.map((c) => c.keyId)).toEqual(['g1/k2']);
    expect(await w.verify()).toMatchObject({ ok: true, checkpoints: 3 });
  });

  it('in a copied store, names a changed event (CHANGED) and two swapped ones (REORDERED)', async () => {
    const w = await world(6);
    const records = await readAuditRecords(js, jsm, w.names);
    const events: StoredMessage[] = [];
    await readRaw(js, { stream: w.streamName, filter: `${w.subjectPrefix}.>` }, (m) => events.push(m));
    expect(verifyAudit({ names: w.names, events, records, secret }).ok).toBe(true);

    const changed = events.map((m) => (m.position === 2 ? { ...m, data: m.data.replace('"i":1', '"i":99') } : m));
    const rc = verifyAudit({ names: w.names, events: changed, records, secret });
    expect(rc.problems.map((p) => [p.code, p.position])).toEqual([['CHANGED', 2]]);

    // Swap the contents of positions 1 and 3 (both g1): each now sits where the other's link is.
    const swapped = events.map((m) => (m.position === 1 ? { ...events[2]!, position: 1 } : m.position === 3 ? { ...events[0]!, position: 3 } : m));
    const rs = verifyAudit({ names: w.names, events: swapped, records, secret });
    expect(rs.ok).toBe(false);
    expect(rs.problems.map((p) => [p.code, p.position])).toEqual([['REORDERED', 1], ['REORDERED', 3]]);
    expect(rs.problems[0]!.what).toMatch(/is chained at position 3 but stored here/);
  });
});
