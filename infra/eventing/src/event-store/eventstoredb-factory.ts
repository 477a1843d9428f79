import type { EventStoreDbEventStore, EventStoreDbEventStoreOptions } from './eventstoredb-event-store.js';

export type { EventStoreDbEventStoreOptions } from './eventstoredb-event-store.js';

/**
 * Loads the EventStoreDB adapter on demand, so services on JetStream never load its gRPC client
 * and native bridge (`@kurrent/bridge`).
 */
export const createEventStoreDbEventStore = async (opts: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> =>
  (await import('./eventstoredb-event-store.js')).EventStoreDbEventStore.create(opts);
