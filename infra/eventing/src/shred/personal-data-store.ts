import type { EventEnvelope } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import { CachingEventStore } from '../event-store/caching-event-store.js';
import type { EventStore } from '../event-store/event-store.js';
import { NatsMemberKeyStore, type MemberKeyStore } from './member-keys.js';
import type { PersonalDataPolicy } from './personal-data.js';
import { ShreddingEventStore } from './shredding-event-store.js';

/**
 * Opens stored events for reading: decrypts their personal fields, or reads them as erased.
 * Every consumer that decodes commits straight off JetStream (projections, process managers, the
 * bot's executor, the stream waiter) runs its events through this, so it sees what the store's
 * readers see.
 */
export type OpenEvents = (events: readonly EventEnvelope[]) => Promise<readonly EventEnvelope[]>;

/** For a consumer whose events hold no personal data (and tests). */
export const openAsStored: OpenEvents = async (events) => events;

/**
 * The member keys' bucket of an events stream (`<stream>_MEMBER_KEYS`), derived like the audit
 * names so a test stack with its own events stream gets its own keys too. A KV bucket is its own
 * JetStream stream (`KV_<bucket>`): apart from the events, and backed up apart (backup CLI).
 */
export const memberKeysBucket = (eventsStream: string): string => `${eventsStream}_MEMBER_KEYS`;

/** Merges the contexts' policies; two contexts naming the same event type is a wiring error. */
export const mergePolicies = (...policies: readonly PersonalDataPolicy[]): PersonalDataPolicy => {
  const out: Record<string, PersonalDataPolicy[string]> = {};
  for (const p of policies) {
    for (const [type, fields] of Object.entries(p)) {
      if (out[type]) throw new Error(`personal-data policy: event type ${type} is declared twice`);
      out[type] = fields;
    }
  }
  return out;
};

export type PersonalDataStore = Readonly<{ store: ShreddingEventStore; keys: MemberKeyStore; open: OpenEvents }>;

export type PersonalDataOptions = Readonly<{
  nc: NatsConnection;
  eventsStream: string;
  policy: PersonalDataPolicy;
  bucket?: string;
  /**
   * Keep each stream's events in memory (CachingEventStore) — UNDER the shredding store, so what
   * is cached is the ciphertext and every read opens it again: a forget or retention pass that
   * destroys a key is seen at once. A cache above the shredding store would keep the plaintext
   * and let a later event carry a forgotten name again.
   */
  cacheStreams?: boolean;
}>;

/** Puts a store behind crypto-shredding with the member keys of its events stream. */
export const withPersonalData = async (inner: EventStore, opts: PersonalDataOptions): Promise<PersonalDataStore> => {
  const keys = await NatsMemberKeyStore.open(opts.nc, opts.bucket ?? memberKeysBucket(opts.eventsStream));
  const store = new ShreddingEventStore(opts.cacheStreams ? new CachingEventStore(inner) : inner, keys, opts.policy);
  return { store, keys, open: (events) => store.open(events) };
};
