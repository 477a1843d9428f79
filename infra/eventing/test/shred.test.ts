import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditNames,
  auditSecret,
  Chainer,
  connectNats,
  createLogger,
  createSealer,
  ERASED,
  JetStreamEventStore,
  NatsMemberKeyStore,
  NO_STREAM,
  ShreddingEventStore,
  verifyStore,
  withPersonalData,
  type PersonalDataPolicy,
} from '../src/index.js';
import { uniqueNames } from '../src/testing/index.js';
import { newEvent } from './event-store.contract.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const secret = auditSecret('shred-test-secret-0123456789');
const logger = createLogger('shred-test', 'silent');
let nc: NatsConnection;
let jsm: JetStreamManager;
const made: string[] = [];

const policy: PersonalDataPolicy = {
  CaseOpened: [{ path: 'target.name', member: 'target.id' }],
  MessageSendRequested: [{ path: 'content', member: 'requestedBy.id', scope: 'day' }],
};

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'shred-test');
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  for (const s of made) await jsm.streams.delete(s).catch(() => undefined);
  await nc.close();
});

const world = async () => {
  const { streamName, subjectPrefix } = uniqueNames('shred').events;
  const an = auditNames(streamName, subjectPrefix);
  const bucket = `${streamName}_MEMBER_KEYS`;
  made.push(streamName, an.chainStream, an.auditStream, `KV_${bucket}`);
  const inner = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger, sealer: createSealer(secret.sealKey) });
  const store = new ShreddingEventStore(inner, await NatsMemberKeyStore.open(nc, bucket), policy);
  const chainer = await Chainer.open({ nc, streamName, subjectPrefix, secret, logger });
  const verify = async () => {
    await chainer.catchUp();
    return verifyStore(nc, { streamName, subjectPrefix, secret });
  };
  return { streamName, subjectPrefix, store, verify };
};

const opened = (id: string, name: string) => newEvent({ type: 'CaseOpened', guildId: 'g1', payload: { caseNumber: 1, target: { id, name }, reason: 'spam' } });

describe('crypto-shredding (ShreddingEventStore over the JetStream store)', () => {
  it('stores personal fields only as ciphertext, reads them back in clear, and the chain hashes the ciphertext', async () => {
    const w = await world();
    await w.store.append('moderation.case.g1-1', [opened('111', 'Alice Example')], NO_STREAM);
    const raw = await jsm.streams.getMessage(w.streamName, { seq: 1 });
    expect(raw!.string()).not.toContain('Alice');
    expect(raw!.json<{ events: { payload: { target: { name: unknown } } }[] }>().events[0]!.payload.target.name).toMatchObject({ $pd: 1, k: 'g1/111', t: 's' });
    const read = await w.store.readStream('moderation.case.g1-1');
    expect(read.events[0]!.payload).toEqual({ caseNumber: 1, target: { id: '111', name: 'Alice Example' }, reason: 'spam' });
    expect((await w.verify()).ok).toBe(true);
  });

  it('"forget me" destroys the member key: their fields read as erased, everyone else\'s stay, a re-read (rebuild) gives the same, the chain still verifies', async () => {
    const w = await world();
    await w.store.append('moderation.case.g1-1', [opened('111', 'Alice Example')], NO_STREAM);
    await w.store.append('moderation.case.g1-2', [opened('222', 'Bob Example')], NO_STREAM);
    expect((await w.verify()).ok).toBe(true);
    expect(await w.store.forget('g1', '111')).toBe(1);
    const first = await w.store.readAll();
    expect(first.map((e) => (e.payload as { target: { name: string } }).target.name)).toEqual([ERASED, 'Bob Example']);
    // Still readable: the case itself, its reason, the member id.
    expect(first[0]!.payload).toEqual({ caseNumber: 1, target: { id: '111', name: ERASED }, reason: 'spam' });
    expect(await w.store.readAll()).toEqual(first);
    const v = await w.verify();
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, events: 2 });
    // Data stored after the request gets a new key and stays readable; the old stays erased.
    await w.store.append('moderation.case.g1-3', [opened('111', 'Alice Again')], NO_STREAM);
    expect((await w.store.readAll()).map((e) => (e.payload as { target: { name: string } }).target.name)).toEqual([ERASED, 'Bob Example', 'Alice Again']);
  });

  it('a service that caches its streams (cacheStreams) caches the ciphertext: a forget is seen at the next read of a stream read before', async () => {
    const { streamName, subjectPrefix } = uniqueNames('shredcache').events;
    made.push(streamName, `KV_${streamName}_MEMBER_KEYS`);
    const inner = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
    const { store } = await withPersonalData(inner, { nc, eventsStream: streamName, policy, cacheStreams: true });
    await store.append('moderation.case.g1-1', [opened('111', 'Alice Example')], NO_STREAM);
    // Read once: the stream is now in the cache.
    expect((await store.readStream('moderation.case.g1-1')).events[0]!.payload).toMatchObject({ target: { name: 'Alice Example' } });
    expect(await store.forget('g1', '111')).toBe(1);
    // A decider reading the stream again (to build the next event from its state) must not get the name back.
    expect((await store.readStream('moderation.case.g1-1')).events[0]!.payload).toMatchObject({ target: { id: '111', name: ERASED } });
  });

  it('retention shreds message content older than N days (per-day keys), newer content stays', async () => {
    const w = await world();
    const msg = (daysAgo: number, content: string) =>
      newEvent({ type: 'MessageSendRequested', guildId: 'g1', occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), payload: { content, requestedBy: { id: '333' } } });
    await w.store.append('messaging.outgoing.g1-a', [msg(40, 'old secret')], NO_STREAM);
    await w.store.append('messaging.outgoing.g1-b', [msg(0, 'fresh news')], NO_STREAM);
    expect(await w.store.shredOlderThan('g1', 30)).toBe(1);
    expect((await w.store.readAll()).map((e) => (e.payload as { content: string }).content)).toEqual([ERASED, 'fresh news']);
    expect((await w.verify()).ok).toBe(true);
  });

  it('after a forget, a forged and a deleted event are still named by verify (it reads the ciphertext, not the keys)', async () => {
    const w = await world();
    await w.store.append('moderation.case.g1-1', [opened('111', 'Alice Example')], NO_STREAM);
    await w.store.append('moderation.case.g1-2', [opened('222', 'Bob Example')], NO_STREAM);
    await w.store.append('moderation.case.g1-3', [opened('333', 'Cy Example')], NO_STREAM);
    expect((await w.verify()).ok).toBe(true);
    expect(await w.store.forget('g1', '111')).toBe(1);
    await jsm.streams.deleteMessage(w.streamName, 2);
    await nc.request(`${w.subjectPrefix}.moderation.case.g1-9`, JSON.stringify({ commitId: 'forged', events: [{ ...opened('444', 'Mallory'), streamId: 'x' }] }));
    const v = await w.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => [p.code, p.position])).toEqual(expect.arrayContaining([['DELETED', 2], ['FORGED', 4]]));
  });
});
