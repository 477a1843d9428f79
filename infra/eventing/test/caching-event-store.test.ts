import { newId, type NewEvent } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachingEventStore } from '../src/event-store/caching-event-store.js';
import type { EventStore } from '../src/event-store/event-store.js';
import { JetStreamEventStore } from '../src/event-store/jetstream-event-store.js';
import { createLogger } from '../src/logger.js';
import { connectNats } from '../src/nats-connection.js';
import { deleteStreams, NATS_URL, uniqueNames } from '../src/testing/index.js';

const logger = createLogger('cache-test', process.env.LOG_LEVEL ?? 'silent');

const names = uniqueNames('cache');
let nc: Awaited<ReturnType<typeof connectNats>>;
let store: JetStreamEventStore;

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'caching-store-test');
  store = await JetStreamEventStore.create({ nc, ...names.events, logger });
});

afterAll(async () => {
  await store?.close();
  if (nc) {
    await deleteStreams(nc, names);
    await nc.close();
  }
});

const event = (n: number, payload: Record<string, unknown> = { n }): NewEvent => ({
  id: newId(),
  type: 'Tested',
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  guildId: '1',
  actor: { kind: 'system', id: 'test', name: 'test' },
  source: 'api',
  correlationId: 'c',
  causationId: `cmd-${n}`,
  payload,
});

/** Counts how the cache reads the real store: full replays vs "what came after version v". */
const counting = (inner: EventStore) => {
  const calls = { full: 0, after: 0 };
  const wrapped: EventStore = {
    append: (...a) => inner.append(...a),
    readStream: (id, o) => {
      if (o?.afterVersion === undefined) calls.full++;
      else calls.after++;
      return inner.readStream(id, o);
    },
    readAll: (o) => inner.readAll(o),
    subscribeAll: (o) => inner.subscribeAll(o),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
  };
  return { wrapped, calls };
};

const streamId = () => `moderation.test.${newId().slice(0, 8)}`;

describe('CachingEventStore over the real JetStream store', () => {
  it('serves its own appends from memory, exactly as the store would return them', async () => {
    const { wrapped, calls } = counting(store);
    const cache = new CachingEventStore(wrapped);
    const id = streamId();
    const empty = await cache.readStream(id);
    expect(empty).toEqual({ version: 0, events: [] });
    // undefined keys vanish in the store's JSON: the cache must give back the same.
    const first = await cache.append(id, [event(1, { n: 1, gone: undefined })], 0);
    const second = await cache.append(id, [event(2), event(3)], first.version);
    const cached = await cache.readStream(id);
    expect(cached).toStrictEqual(await store.readStream(id));
    expect(cached.version).toBe(second.version);
    expect(cached.events).toHaveLength(3);
    expect(calls.full).toBe(1);
    expect(calls.after).toBe(1);
  });

  it('finds another writer’s commits, and keeps conflicts, duplicates and unchecked appends correct', async () => {
    const cache = new CachingEventStore(store);
    const id = streamId();
    const a = await cache.append(id, [event(1)], 0);
    await cache.readStream(id);
    // Another process appends.
    const b = await store.append(id, [event(2)], a.version);
    expect(await cache.readStream(id)).toEqual(await store.readStream(id));

    // A stale expectation fails as it would without the cache, and leaves the cache correct.
    await expect(cache.append(id, [event(3)], a.version)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await cache.readStream(id)).toEqual(await store.readStream(id));

    // A retried append (same commit id) and an append without a check.
    const retried = event(4);
    const c = await cache.append(id, [retried], b.version, { commitId: 'commit-4' });
    const again = await cache.append(id, [retried], c.version, { commitId: 'commit-4' });
    expect(again.duplicate).toBe(true);
    expect(await cache.readStream(id)).toEqual(await store.readStream(id));
    await cache.append(id, [event(5)], 'any');
    const after = await cache.readStream(id);
    expect(after).toEqual(await store.readStream(id));
    expect(after.events.map((e) => e.causationId)).toEqual(['cmd-1', 'cmd-2', 'cmd-4', 'cmd-5']);
  });

  it('stays correct when streams are evicted (bounded by streams and by events)', async () => {
    const cache = new CachingEventStore(store, { maxStreams: 2, maxEvents: 3 });
    const ids = [streamId(), streamId(), streamId()];
    for (const id of ids) {
      const r = await cache.append(id, [event(1)], (await cache.readStream(id)).version);
      await cache.append(id, [event(2)], r.version);
    }
    for (const id of ids) expect(await cache.readStream(id)).toEqual(await store.readStream(id));
  });
});
