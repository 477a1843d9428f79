import type { EventEnvelope, NewEvent } from '@guildhall/kernel';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamResult,
  SubscribeAllOptions,
  Subscription,
} from '../event-store/event-store.js';
import type { MemberKeyStore } from './member-keys.js';
import {
  decryptField,
  encryptField,
  ERASED,
  personalFieldsOf,
  readPath,
  SealedFieldSchema,
  writePath,
  type PersonalDataPolicy,
} from './personal-data.js';

/**
 * Crypto-shredding as a decorator over any EventStore: on append, the personal fields the policy
 * names (per event type) are stored encrypted under their member's key; on every read they are
 * decrypted, or read as ERASED once the key was destroyed. Contexts keep writing and reading plain
 * events; the store, and the audit chain over it, only ever hold the ciphertext.
 */
export class ShreddingEventStore implements EventStore {
  constructor(
    /** The store holding the ciphertext (the audit chain's names come from it). */
    readonly inner: EventStore,
    private readonly keys: MemberKeyStore,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, options?: AppendOptions): Promise<AppendResult> {
    const sealed: NewEvent[] = [];
    for (const e of events) {
      let payload = e.payload;
      for (const { field, keyId, value } of personalFieldsOf(this.policy, e)) {
        payload = writePath(payload, field.path, encryptField(await this.keys.getOrCreate(keyId), keyId, e.id, field.path, value));
      }
      sealed.push(payload === e.payload ? e : { ...e, payload });
    }
    return this.inner.append(streamId, sealed, expected, options);
  }

  async readStream(streamId: string, options?: { afterVersion?: number }): Promise<ReadStreamResult> {
    const r = await this.inner.readStream(streamId, options);
    return { version: r.version, events: await this.open(r.events) };
  }

  async readAll(options?: ReadAllOptions): Promise<readonly EventEnvelope[]> {
    return this.open(await this.inner.readAll(options));
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    const sub = this.inner.subscribeAll(options);
    const self = this;
    const it = async function* () {
      for await (const e of sub) yield (await self.open([e]))[0]!;
    };
    return { [Symbol.asyncIterator]: it, close: () => sub.close() };
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Decrypts the personal fields of stored events (keys looked up once per batch). */
  async open(events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
    const cache = new Map<string, Buffer | undefined>();
    const key = async (id: string) => {
      if (!cache.has(id)) cache.set(id, await this.keys.get(id));
      return cache.get(id);
    };
    const out: EventEnvelope[] = [];
    for (const e of events) {
      let payload = e.payload;
      for (const f of this.policy[e.type] ?? []) {
        const parsed = SealedFieldSchema.safeParse(readPath(payload, f.path));
        if (!parsed.success) continue; // stored before the policy named it, or empty
        const k = await key(parsed.data.k);
        let value: unknown;
        try {
          value = k ? decryptField(k, e.id, f.path, parsed.data) : parsed.data.t === 's' ? ERASED : null;
        } catch {
          value = parsed.data.t === 's' ? ERASED : null; // a field moved to another event, or damaged
        }
        payload = writePath(payload, f.path, value);
      }
      out.push(payload === e.payload ? e : { ...e, payload });
    }
    return out;
  }

  /** "Forget me": destroys the member's keys in the guild (all scopes). Returns how many keys went. */
  forget(guildId: string, memberId: string): Promise<number> {
    return this.keys.destroy(`${guildId}/${memberId}`);
  }

  /** Retention: destroys the per-day keys of the guild older than `days` days before `now`. */
  async shredOlderThan(guildId: string, days: number, now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    let n = 0;
    for (const id of await this.keys.list()) {
      const [g, member, day] = id.split('/');
      if (g === guildId && member !== undefined && day !== undefined && day < cutoff) n += await this.keys.destroy(`${g}/${member}/${day}`);
    }
    return n;
  }
}
