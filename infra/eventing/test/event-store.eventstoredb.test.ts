import { newId } from '@guildhall/kernel';
import { describe } from 'vitest';
import { createEventStoreDbEventStore, createLogger } from '../src/index.js';
import { eventStoreContract } from './event-store.contract.js';

// Runs only against a real server: EVENTSTOREDB_URL=kurrentdb://127.0.0.1:2113?tls=false
const url = process.env.EVENTSTOREDB_URL;
const run = newId().slice(0, 8);
let n = 0;

describe.skipIf(!url)('EventStoreDB adapter', () => {
  eventStoreContract('EventStoreDB', async () => {
    n += 1;
    // A fresh stream-name prefix per test: the store only sees its own streams, so it starts empty.
    const store = await createEventStoreDbEventStore({ connectionString: url!, streamPrefix: `gh-${run}-${n}-`, logger: createLogger('test', 'silent') });
    return { store, emptyAtStart: true, cleanup: () => store.close() };
  });
});
