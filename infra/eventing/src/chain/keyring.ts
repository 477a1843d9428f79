import type { JetStreamClient } from '@nats-io/jetstream';
import type { AuditSecret } from './audit-secret.js';
import { rawPublicKey } from './audit-secret.js';
import { subjects, type AuditNames } from './names.js';
import { endorsementForm, signText, type KeyRecord } from './records.js';

/**
 * Each guild's checkpoint keys. Private keys are derived from AUDIT_SECRET and the key version,
 * never stored; the public keys are published to the audit stream, each rotation endorsed by the
 * key it replaces. Only one process (the audit service's chainer) writes here: per-subject OCC
 * makes a second writer fail rather than fork the key list.
 */
export class GuildKeyring {
  readonly #current = new Map<string, KeyRecord>();

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: AuditNames,
    private readonly secret: AuditSecret,
    known: readonly { seq: number; record: KeyRecord }[],
  ) {
    for (const { seq, record } of known) {
      const cur = this.#current.get(record.guildId);
      if (!cur || record.version > cur.version) this.#current.set(record.guildId, record);
      this.#seqs.set(record.guildId, seq);
    }
  }

  readonly #seqs = new Map<string, number>();

  current(guildId: string): KeyRecord | undefined {
    return this.#current.get(guildId);
  }

  /** The guild's current key, publishing version 1 on first use. */
  async ensure(guildId: string): Promise<KeyRecord> {
    return this.#current.get(guildId) ?? this.#publish(guildId, 1, undefined);
  }

  /** Publishes the next key version, endorsed by the current one; later checkpoints use it. */
  async rotate(guildId: string): Promise<KeyRecord> {
    const cur = await this.ensure(guildId);
    return this.#publish(guildId, cur.version + 1, cur);
  }

  signingKey(record: KeyRecord) {
    return this.secret.signingKey(record.guildId, record.version);
  }

  async #publish(guildId: string, version: number, previous: KeyRecord | undefined): Promise<KeyRecord> {
    const keyId = `${guildId}/k${version}`;
    const publicKey = rawPublicKey(this.secret.signingKey(guildId, version));
    const base = { guildId, keyId, version, publicKey, previousKeyId: previous?.keyId ?? null };
    const record: KeyRecord = {
      v: 1,
      kind: 'key',
      ...base,
      createdAt: new Date().toISOString(),
      endorsement: previous ? signText(this.secret.signingKey(guildId, previous.version), endorsementForm(base)) : null,
    };
    const ack = await this.js.publish(subjects.key(this.names, guildId), JSON.stringify(record), {
      msgID: `key-${keyId}`,
      expect: { lastSubjectSequence: this.#seqs.get(guildId) ?? 0 },
    });
    this.#seqs.set(guildId, ack.seq);
    this.#current.set(guildId, record);
    return record;
  }
}
