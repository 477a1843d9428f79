import { newId } from '@guildhall/kernel';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, createLogger, JetStreamEventStore, NO_STREAM, type MalformedCommit } from '../src/index.js';
import { eventStoreContract, newEvent, newStreamId, take } from './event-store.contract.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
// Unique per test file run, so parallel runs on the shared server never meet.
const run = newId().slice(0, 8);
let n = 0;
const names = () => {
  n += 1;
  return { streamName: `T_ES_${run}_${n}`, subjectPrefix: `tes_${run}_${n}` };
};

let nc: NatsConnection;
let jsm: JetStreamManager;
const created = new Set<string>();

const open = async (extra: { duplicateWindowMs?: number; onMalformed?: (m: MalformedCommit) => void } = {}) => {
  const { streamName, subjectPrefix } = names();
  created.add(streamName);
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger: createLogger('test', 'silent'), ...extra });
  return { store, streamName, subjectPrefix };
};

const drop = async (streamName: string) => {
  created.delete(streamName);
  await jsm.streams.delete(streamName).catch(() => undefined);
};

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'event-store-test');
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  for (const s of [...created]) await drop(s);
  await nc.close();
});

eventStoreContract('JetStream', async () => {
  const { store, streamName } = await open();
  return {
    store,
    emptyAtStart: true,
    cleanup: async () => {
      await store.close();
      await drop(streamName);
    },
  };
});

describe('JetStreamEventStore on nats-server', () => {
  it('creates a file-backed, never-expiring stream on <prefix>.>, and updates it when settings change', async () => {
    const { store, streamName, subjectPrefix } = await open();
    const { config } = await jsm.streams.info(streamName);
    expect(config).toMatchObject({
      subjects: [`${subjectPrefix}.>`],
      storage: 'file',
      retention: 'limits',
      max_age: 0,
      max_msgs: -1,
      max_bytes: -1,
      duplicate_window: nanos(120_000),
    });
    const again = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, duplicateWindowMs: 30_000 });
    expect((await jsm.streams.info(streamName)).config.duplicate_window).toBe(nanos(30_000));
    await Promise.all([store.close(), again.close()]);
    await drop(streamName);
  });

  it('stores one message per append on <prefix>.<streamId>; version and position are stream sequences', async () => {
    const { store, streamName, subjectPrefix } = await open();
    const [a, b] = [newStreamId(), newStreamId()];
    const ra = await store.append(a, [newEvent(), newEvent(), newEvent()], NO_STREAM);
    const rb = await store.append(b, [newEvent()], NO_STREAM);
    const ra2 = await store.append(a, [newEvent()], ra.version);
    expect([ra.version, rb.version, ra2.version]).toEqual([1, 2, 3]);
    const info = await jsm.streams.info(streamName);
    expect(info.state.messages).toBe(3);
    const last = await jsm.streams.getMessage(streamName, { last_by_subj: `${subjectPrefix}.${a}` });
    expect(last?.seq).toBe(3);
    await store.close();
    await drop(streamName);
  });

  it('skips a message that is not a commit in readAll, readStream and subscribeAll, reporting why', async () => {
    const seen: MalformedCommit[] = [];
    const { store, streamName, subjectPrefix } = await open({ onMalformed: (m) => seen.push(m) });
    const js = jetstream(nc);
    const id = newStreamId();
    const r1 = await store.append(id, [newEvent()], NO_STREAM);
    await js.publish(`${subjectPrefix}.${id}`, 'not json');
    await js.publish(`${subjectPrefix}.${id}`, JSON.stringify({ commitId: 'x', events: [{ id: 'e' }] }));
    await js.publish(`${subjectPrefix}.two-tokens.only`, JSON.stringify({ commitId: 'y', events: [] }));
    const r2 = await store.append(id, [newEvent()], 'any');

    const perCall: MalformedCommit[] = [];
    const all = await store.readAll({ onMalformed: (m) => perCall.push(m) });
    expect(all.map((e) => e.position)).toEqual([r1.position, r2.position]);
    expect(perCall.map((m) => m.position)).toEqual([2, 3, 4]);
    expect(perCall[0]!.reason).toMatch(/not JSON/);
    expect(perCall[1]!.reason).toMatch(/events\.0\./);
    expect(perCall[2]!.reason).toMatch(/subject/);

    expect((await store.readStream(id)).events.map((e) => e.position)).toEqual([r1.position, r2.position]);
    const sub = store.subscribeAll();
    expect((await take(sub, 2)).map((e) => e.position)).toEqual([r1.position, r2.position]);
    const r3 = await store.append(id, [newEvent()], r2.version);
    expect((await take(sub, 1))[0]!.position).toBe(r3.position);
    await sub.close();
    // readAll 3, readStream 2 (its own subject), subscribeAll 3.
    expect(store.malformedCount).toBe(8);
    expect(seen).toHaveLength(8);
    await store.close();
    await drop(streamName);
  });

  it('rejects a commit over the server max_payload as INVALID_MESSAGE before sending', async () => {
    const { store, streamName } = await open();
    const big = 'x'.repeat((nc.info?.max_payload ?? 1_048_576) + 1);
    await expect(store.append(newStreamId(), [newEvent({ payload: big })], NO_STREAM)).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringMatching(/max_payload/) as unknown,
    });
    expect(await store.headPosition()).toBe(0);
    await store.close();
    await drop(streamName);
  });

  it('reports a loop of single appends and reads (figures printed, never asserted)', async () => {
    const { store, streamName } = await open();
    const ids = Array.from({ length: 20 }, () => newStreamId());
    const N = 500;
    let t = performance.now();
    const versions = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const id = ids[i % ids.length]!;
      const r = await store.append(id, [newEvent()], versions.get(id) ?? NO_STREAM);
      versions.set(id, r.version);
    }
    const appendMs = performance.now() - t;
    t = performance.now();
    for (const id of ids) await store.readStream(id);
    const readStreamMs = (performance.now() - t) / ids.length;
    t = performance.now();
    const all = await store.readAll();
    const readAllMs = performance.now() - t;
    expect(all).toHaveLength(N);
    console.info(
      `[jetstream event store] ${N} sequential OCC appends: ${(N / (appendMs / 1000)).toFixed(0)}/s (${(appendMs / N).toFixed(2)} ms each); ` +
        `readStream of ${N / ids.length} commits: ${readStreamMs.toFixed(2)} ms; readAll of ${N}: ${readAllMs.toFixed(1)} ms`,
    );
    await store.close();
    await drop(streamName);
  });
});
