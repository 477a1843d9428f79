import { randomBytes } from 'node:crypto';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';

/**
 * The members' data keys, apart from the events (their own KV bucket, backed up separately):
 * destroying a key ("forget me", retention) makes every field encrypted with it unreadable for
 * good, while the events, and the hash chain over their ciphertext, stay as they are.
 */
export interface MemberKeyStore {
  /** The key, creating it on first use (also after a destroy: data stored later gets a new key; the old data stays unreadable). */
  getOrCreate(keyId: string): Promise<Buffer>;
  /** The key, or undefined when it was destroyed or never existed. */
  get(keyId: string): Promise<Buffer | undefined>;
  /** Destroys every key of `<prefix>` (a member: `guild/member`, which also covers its per-day keys). Returns how many. */
  destroy(prefix: string): Promise<number>;
  /** Key ids, for retention. */
  list(): Promise<string[]>;
}

/** KV keys allow [-/_=.a-zA-Z0-9]; ids are encoded so any guild/member id fits. */
const kvKey = (keyId: string) => keyId.split('/').map((p) => Buffer.from(p).toString('hex')).join('.');
const keyIdOfKv = (k: string) => k.split('.').map((p) => Buffer.from(p, 'hex').toString()).join('/');

export class NatsMemberKeyStore implements MemberKeyStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket: string): Promise<NatsMemberKeyStore> {
    const kv = await new Kvm(nc).create(bucket, { history: 1 });
    return new NatsMemberKeyStore(kv);
  }

  async getOrCreate(keyId: string): Promise<Buffer> {
    const k = kvKey(keyId);
    const cur = await this.kv.get(k);
    if (cur && cur.operation === 'PUT') return Buffer.from(cur.value);
    try {
      const key = randomBytes(32);
      // create() also succeeds over a purge marker; it fails when another writer created one meanwhile.
      await this.kv.create(k, key);
      return key;
    } catch {
      // Created meanwhile by another writer.
      const again = await this.kv.get(k);
      if (again?.operation === 'PUT') return Buffer.from(again.value);
      throw new Error(`member key ${keyId} could not be created`);
    }
  }

  async get(keyId: string): Promise<Buffer | undefined> {
    const cur = await this.kv.get(kvKey(keyId));
    return cur?.operation === 'PUT' ? Buffer.from(cur.value) : undefined;
  }

  async destroy(prefix: string): Promise<number> {
    const p = kvKey(prefix);
    let n = 0;
    for (const k of await this.#keys()) {
      if (k === p || k.startsWith(`${p}.`)) {
        // Purge leaves no earlier revision of the value behind (history 1, and purge drops it).
        await this.kv.purge(k);
        n++;
      }
    }
    return n;
  }

  async list(): Promise<string[]> {
    return (await this.#keys()).map(keyIdOfKv);
  }

  async #keys(): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.kv.keys()) out.push(k);
    return out;
  }
}
