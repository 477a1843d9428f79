import { newId, streamId, type EventEnvelope, type NewEvent } from '@guildhall/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_STREAM, type AppendResult, type EventStore, type Subscription } from '../src/index.js';

export type ContractHarness = Readonly<{
  store: EventStore;
  /** True when the store holds nothing at the start of each test (not so on a shared EventStoreDB). */
  emptyAtStart: boolean;
  cleanup(): Promise<void>;
}>;

export const newEvent = (over: Partial<NewEvent> = {}): NewEvent => ({
  id: newId(),
  type: 'ThingHappened',
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  guildId: 'g1',
  actor: { kind: 'dashboard-user', id: 'u1', name: 'Ada' },
  source: 'web',
  correlationId: newId(),
  causationId: null,
  payload: { n: 1, nested: { list: [1, 'x', null], flag: true } },
  ...over,
});

export const newStreamId = (): string => streamId('test', 'thing', newId());

const stored = (events: readonly NewEvent[], id: string, r: AppendResult): EventEnvelope[] =>
  events.map((e) => ({ ...e, streamId: id, version: r.version, position: r.position }));

/** Takes the next `n` events from a subscription, failing after `ms` instead of hanging. */
export const take = async (sub: Subscription, n: number, ms = 5_000): Promise<EventEnvelope[]> => {
  const it = sub[Symbol.asyncIterator]();
  const out: EventEnvelope[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`got ${out.length} of ${n} events within ${ms} ms`)), ms);
  });
  try {
    while (out.length < n) {
      const r = await Promise.race([it.next(), timeout]);
      if (r.done) throw new Error(`subscription ended after ${out.length} of ${n} events`);
      out.push(r.value);
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
};

const conflict = (details: Record<string, unknown>) =>
  expect.objectContaining({ code: 'VERSION_CONFLICT', details: expect.objectContaining(details) as unknown });
const invalid = (field: string) =>
  expect.objectContaining({ code: 'INVALID_MESSAGE', message: expect.stringContaining(field) as unknown });

/** The event store contract: every adapter runs this against its real backend. */
export type ContractOptions = Readonly<{
  /**
   * The store is known to let concurrent appenders at one version all win: JetStream R3 on nats-server
   * before 2.9.21 (nats-server#4320). The race test is then expected to fail (`it.fails`), so it flips
   * to a failure the day the server is fixed and this option must go.
   */
  knownOccRace?: boolean;
}>;

export const eventStoreContract = (name: string, setup: () => Promise<ContractHarness>, options: ContractOptions = {}): void => {
  describe(`EventStore contract: ${name}`, () => {
    let h: ContractHarness;
    let store: EventStore;
    beforeEach(async () => {
      h = await setup();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('round-trips every envelope field; events of one append share version and position', async () => {
      if (h.emptyAtStart) expect(await store.headPosition()).toBe(0);
      const before = await store.headPosition();
      const id = newStreamId();
      const events = [newEvent(), newEvent({ type: 'Other', schemaVersion: 3, causationId: 'c-1', payload: 'text' })];
      const r = await store.append(id, events, NO_STREAM);
      expect(r.duplicate).toBe(false);
      expect(r.version).toBeGreaterThan(0);
      expect(r.position).toBeGreaterThan(before);
      const read = await store.readStream(id);
      expect(read.version).toBe(r.version);
      expect(read.events).toEqual(stored(events, id, r));
      expect(await store.readAll({ afterPosition: before })).toEqual(stored(events, id, r));
      expect(await store.headPosition()).toBe(r.position);
    });

    it('reads an unknown stream as version 0 with no events', async () => {
      expect(await store.readStream(newStreamId())).toEqual({ version: 0, events: [] });
    });

    it('appends at the expected version and reads after a version', async () => {
      const id = newStreamId();
      const [e1, e2, e3] = [newEvent(), newEvent(), newEvent()];
      const r1 = await store.append(id, [e1!], NO_STREAM);
      const r2 = await store.append(id, [e2!, e3!], r1.version);
      expect(r2.version).toBeGreaterThan(r1.version);
      expect(r2.position).toBeGreaterThan(r1.position);
      expect((await store.readStream(id)).events.map((e) => e.id)).toEqual([e1!.id, e2!.id, e3!.id]);
      expect(await store.readStream(id, { afterVersion: r1.version })).toEqual({ version: r2.version, events: stored([e2!, e3!], id, r2) });
      expect(await store.readStream(id, { afterVersion: r2.version })).toEqual({ version: r2.version, events: [] });
    });

    it('rejects a stale or wrong expected version with VERSION_CONFLICT and stores nothing', async () => {
      const id = newStreamId();
      const r1 = await store.append(id, [newEvent()], NO_STREAM);
      const r2 = await store.append(id, [newEvent()], r1.version);
      const head = await store.headPosition();
      await expect(store.append(id, [newEvent()], r1.version)).rejects.toEqual(conflict({ streamId: id, expected: r1.version, actual: r2.version }));
      await expect(store.append(id, [newEvent()], NO_STREAM)).rejects.toEqual(conflict({ streamId: id, expected: 0, actual: r2.version }));
      const fresh = newStreamId();
      await expect(store.append(fresh, [newEvent()], r2.version)).rejects.toEqual(conflict({ streamId: fresh, expected: r2.version, actual: 0 }));
      expect(await store.headPosition()).toBe(head);
      expect((await store.readStream(id)).events).toHaveLength(2);
      expect(await store.readStream(fresh)).toEqual({ version: 0, events: [] });
    });

    it("appends with 'any' whatever the version", async () => {
      const id = newStreamId();
      const r1 = await store.append(id, [newEvent()], 'any');
      const r2 = await store.append(id, [newEvent()], 'any');
      expect(r2.version).toBeGreaterThan(r1.version);
      expect((await store.readStream(id)).events).toHaveLength(2);
    });

    (options.knownOccRace ? it.fails : it)('lets exactly one of 20 concurrent appenders at the same version win', async () => {
      const id = newStreamId();
      const r0 = await store.append(id, [newEvent()], NO_STREAM);
      const racers = Array.from({ length: 20 }, () => newEvent());
      const results = await Promise.allSettled(racers.map((e) => store.append(id, [e], r0.version)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [racers[i]!] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toEqual(conflict({ streamId: id, expected: r0.version }));
      const read = await store.readStream(id);
      expect(read.events.map((e) => e.id).slice(1)).toEqual([won[0]!.id]);
    });

    it('treats a retried append (same commitId) as a duplicate, stored once, even at a now-stale version', async () => {
      const id = newStreamId();
      const e1 = newEvent();
      const commitId = newId();
      const r1 = await store.append(id, [e1], NO_STREAM, { commitId });
      await store.append(id, [newEvent()], r1.version);
      const retry = await store.append(id, [e1], NO_STREAM, { commitId });
      expect(retry).toEqual({ version: r1.version, position: r1.position, duplicate: true });
      // Default commitId: the first event's id.
      const e3 = newEvent();
      const r3 = await store.append(id, [e3], 'any');
      expect(await store.append(id, [e3], 'any')).toEqual({ version: r3.version, position: r3.position, duplicate: true });
      const ids = (await store.readStream(id)).events.map((e) => e.id);
      expect(ids).toHaveLength(3);
      expect(ids.filter((x) => x === e1.id || x === e3.id)).toEqual([e1.id, e3.id]);
    });

    it('reads all streams in append order, paging by event limit without splitting an append', async () => {
      const before = await store.headPosition();
      const [a, b, c] = [newStreamId(), newStreamId(), newStreamId()];
      const plan: [string, NewEvent[]][] = [
        [a, [newEvent(), newEvent()]],
        [b, [newEvent()]],
        [c, [newEvent()]],
        [a, [newEvent()]],
        [b, [newEvent(), newEvent()]],
      ];
      const expected: EventEnvelope[] = [];
      for (const [id, events] of plan) expected.push(...stored(events, id, await store.append(id, events, 'any')));
      const all = await store.readAll({ afterPosition: before });
      expect(all).toEqual(expected);
      const pages: string[][] = [];
      for (let after = before; ; ) {
        const page = await store.readAll({ afterPosition: after, limit: 2 });
        if (page.length === 0) break;
        pages.push(page.map((e) => e.id));
        after = page.at(-1)!.position;
      }
      const ids = expected.map((e) => e.id);
      expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 5), ids.slice(5, 7)]);
      // One append bigger than the limit comes whole, or a reader could never get past it.
      expect((await store.readAll({ afterPosition: before, limit: 1 })).map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect(await store.readAll({ afterPosition: expected.at(-1)!.position })).toEqual([]);
    });

    it('subscribes from a position: catch-up, then live, until closed', async () => {
      const before = await store.headPosition();
      const id = newStreamId();
      const r1 = await store.append(id, [newEvent(), newEvent()], NO_STREAM);
      const r2 = await store.append(id, [newEvent()], r1.version);
      const sub = store.subscribeAll({ afterPosition: before });
      const caught = await take(sub, 3);
      expect(caught.map((e) => e.position)).toEqual([r1.position, r1.position, r2.position]);
      const e4 = newEvent();
      const r3 = await store.append(newStreamId(), [e4], NO_STREAM);
      expect(await take(sub, 1)).toEqual([{ ...e4, streamId: expect.any(String) as unknown, version: r3.version, position: r3.position }]);
      // A second subscription starting mid-way sees only what follows.
      const mid = store.subscribeAll({ afterPosition: r1.position });
      expect((await take(mid, 2)).map((e) => e.position)).toEqual([r2.position, r3.position]);
      await mid.close();
      await sub.close();
      expect((await sub[Symbol.asyncIterator]().next()).done).toBe(true);
    });

    it('rejects invalid input with INVALID_MESSAGE naming the field, appending nothing', async () => {
      const before = await store.headPosition();
      const id = newStreamId();
      const bad = (over: Record<string, unknown>) => ({ ...newEvent(), ...over }) as NewEvent;
      await expect(store.append(id, [bad({ actor: { kind: 'robot', id: 'r', name: 'R' } })], NO_STREAM)).rejects.toEqual(invalid('events[0].actor.kind'));
      await expect(store.append(id, [newEvent(), bad({ occurredAt: 'yesterday' })], NO_STREAM)).rejects.toEqual(invalid('events[1].occurredAt'));
      await expect(store.append(id, [bad({ schemaVersion: 0 })], 'any')).rejects.toEqual(invalid('events[0].schemaVersion'));
      await expect(store.append(id, [bad({ id: undefined })], 'any')).rejects.toEqual(invalid('events[0].id'));
      await expect(store.append(id, [], NO_STREAM)).rejects.toEqual(invalid('events'));
      await expect(store.append('not-a-stream-id', [newEvent()], NO_STREAM)).rejects.toEqual(invalid('streamId'));
      await expect(store.append(id, [newEvent()], -1)).rejects.toEqual(invalid('expected'));
      await expect(store.readStream('a.b')).rejects.toEqual(invalid('streamId'));
      expect(await store.readStream(id)).toEqual({ version: 0, events: [] });
      expect(await store.headPosition()).toBe(before);
    });
  });
};
