import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, NO_STREAM } from '../src/index.js';
import { eventStoreContract, newEvent, newStreamId } from './event-store.contract.js';

eventStoreContract('in-memory', async () => {
  const store = new InMemoryEventStore();
  return { store, emptyAtStart: true, cleanup: () => store.close() };
});

describe('InMemoryEventStore', () => {
  it('forgets a commitId after the duplicate window, like JetStream', async () => {
    let now = 0;
    const store = new InMemoryEventStore({ duplicateWindowMs: 1_000, now: () => now });
    const id = newStreamId();
    const e = newEvent();
    await store.append(id, [e], 'any');
    now = 999;
    expect((await store.append(id, [e], 'any')).duplicate).toBe(true);
    now = 1_000;
    expect((await store.append(id, [e], 'any')).duplicate).toBe(false);
    await expect(store.append(newStreamId(), [newEvent()], 5)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await store.readStream(id)).events).toHaveLength(2);
  });

  it('hands out copies: mutating a read event does not change the store', async () => {
    const store = new InMemoryEventStore();
    const id = newStreamId();
    const e = newEvent({ payload: { n: 1 } });
    await store.append(id, [e], NO_STREAM);
    (e.payload as { n: number }).n = 2;
    const [read] = (await store.readStream(id)).events;
    (read!.payload as { n: number }).n = 3;
    expect((await store.readStream(id)).events[0]!.payload).toEqual({ n: 1 });
  });
});
