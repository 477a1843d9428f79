import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import type { AuditSecret } from './audit-secret.js';
import { readAuditRecords } from './audit-reader.js';
import { ensureAuditStreams, lastSeq } from './audit-streams.js';
import { classify } from './classify.js';
import { GuildKeyring } from './keyring.js';
import { auditNames, subjects, type AuditNames } from './names.js';
import { readRaw } from './raw-reader.js';
import { canonicalJson } from './canonical.js';
import { GENESIS_HASH, linkHash, signText, type Checkpoint, type Genesis, type Link, type Links } from './records.js';
import { createSealer, type Sealer } from './seal.js';

export type ChainerOptions = Readonly<{
  nc: NatsConnection;
  streamName: string;
  subjectPrefix: string;
  secret: AuditSecret;
  logger?: Logger;
  /** Sign a guild's checkpoint after this many new commits in its chain. Default 1000. */
  checkpointEvery?: number;
  /** …or once this long has passed since its last checkpoint, when its chain moved. Default 5 min. */
  checkpointIntervalMs?: number;
  /** Called after each checkpoint is stored (the audit service posts it to the guild's staff channel). */
  onCheckpoint?: (c: Checkpoint) => Promise<void> | void;
}>;

type GuildHead = { hash: string; links: number; events: number; position: number; checkpointedLinks: number; checkpointedAt: number };

/** Links per chain record (a record of 256 links is about 80 kB, well under max_payload). */
const PER_RECORD = 256;
const WINDOW = 64;

/**
 * The one chainer: follows the events stream in its global order and writes one chain link per
 * stored message to `<EVENTS>_CHAIN` (sealed, so a forged link is named too). Each guild's links
 * form a hash chain. Appends never wait for it (the writer seal is their only cost); a crash
 * between an append and its link leaves the message unlinked, and the chainer links it when it
 * resumes (verify reports it as "not yet chained", never as a gap). Links are written with the
 * chain stream's expected last sequence, so a second chainer fails instead of forking the chain.
 */
export class Chainer {
  readonly names: AuditNames;
  readonly #sealer: Sealer;
  readonly #heads = new Map<string, GuildHead>();
  readonly #commits = new Map<string, number>();
  #genesis: Genesis | undefined;
  #lastPosition = 0;
  #chainSeq = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #keyring!: GuildKeyring;
  #stopped = false;

  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: ChainerOptions,
    private readonly logger: Logger,
  ) {
    this.names = auditNames(opts.streamName, opts.subjectPrefix);
    this.#sealer = createSealer(opts.secret.sealKey);
  }

  static async open(opts: ChainerOptions): Promise<Chainer> {
    const jsm = await jetstreamManager(opts.nc);
    const c = new Chainer(jetstream(opts.nc), jsm, opts, opts.logger ?? createLogger('chainer'));
    await ensureAuditStreams(jsm, c.names);
    await c.#load();
    return c;
  }

  /** The last events-stream position the chain covers. */
  get lastPosition(): number {
    return this.#lastPosition;
  }

  get keyring(): GuildKeyring {
    return this.#keyring;
  }

  async #load(): Promise<void> {
    const rec = await readAuditRecords(this.js, this.jsm, this.names);
    this.#heads.clear();
    this.#commits.clear();
    this.#genesis = undefined;
    this.#lastPosition = 0;
    for (const { record: r } of rec.chain) {
      if (r.kind === 'genesis') {
        this.#genesis ??= r;
        continue;
      }
      for (const record of r.links) {
        this.#lastPosition = Math.max(this.#lastPosition, record.position);
        if (record.status === 'rejected' || record.hash === null) continue;
        const h = this.#head(record.guildId);
        h.hash = record.hash;
        h.links++;
        h.events += record.events;
        h.position = record.position;
        if (record.commitId !== undefined) this.#commits.set(record.commitId, record.position);
      }
    }
    for (const { record } of rec.checkpoints) {
      const h = this.#heads.get(record.guildId);
      if (h && record.links >= h.checkpointedLinks) {
        h.checkpointedLinks = record.links;
        h.checkpointedAt = Date.parse(record.at);
      }
    }
    this.#chainSeq = await lastSeq(this.jsm, this.names.chainStream);
    this.#keyring = new GuildKeyring(this.js, this.names, this.opts.secret, rec.keys);
  }

  #head(guildId: string): GuildHead {
    let h = this.#heads.get(guildId);
    if (!h) {
      h = { hash: GENESIS_HASH, links: 0, events: 0, position: 0, checkpointedLinks: 0, checkpointedAt: Date.now() };
      this.#heads.set(guildId, h);
    }
    return h;
  }

  #publish(subject: string, record: Omit<Links, 'seal'> | Omit<Genesis, 'seal'>, msgID: string): Promise<PubAck> {
    const sealed = { ...record, seal: this.#sealer.seal(subject, canonicalJson(record)) };
    const expected = this.#chainSeq;
    this.#chainSeq++;
    return this.js.publish(subject, JSON.stringify(sealed), { msgID, expect: { lastSequence: expected } });
  }

  /** Links every stored message up to the events stream's current head; returns how many. */
  async catchUp(): Promise<number> {
    try {
      return await this.#catchUp();
    } catch (err) {
      // Another chainer, or a publish lost mid-window: start again from what is stored.
      this.logger.warn({ err }, 'chain write failed; reloading the chain');
      await this.#load();
      throw err;
    }
  }

  async #catchUp(): Promise<number> {
    const head = await lastSeq(this.jsm, this.opts.streamName);
    if (!this.#genesis) {
      const g = { v: 1 as const, kind: 'genesis' as const, adoptedUpTo: head, at: new Date().toISOString() };
      await this.#publish(subjects.genesis(this.names), g, `genesis-${this.opts.streamName}`);
      this.#genesis = { ...g, seal: '' };
      if (head > 0) this.logger.info({ adoptedUpTo: head }, 'chain started on a store that had events: they are adopted as found');
    }
    if (head <= this.#lastPosition) return 0;
    const adoptedUpTo = this.#genesis.adoptedUpTo;
    const inflight: Promise<PubAck>[] = [];
    let n = 0;
    let failed: unknown;
    const flush = async () => {
      const r = await Promise.allSettled(inflight.splice(0));
      const bad = r.find((x) => x.status === 'rejected');
      if (bad) throw (bad as PromiseRejectedResult).reason;
    };
    const pending: Promise<void>[] = [];
    let batch: Link[] = [];
    const emit = () => {
      if (batch.length === 0) return;
      const links = batch;
      batch = [];
      inflight.push(this.#publish(subjects.links(this.names), { v: 1, kind: 'links', links }, `links-${links[0]!.position}`));
    };
    const started = performance.now();
    await readRaw(this.js, { stream: this.opts.streamName, fromSeq: this.#lastPosition + 1, toSeq: head }, (m) => {
      if (failed) return;
      const c = classify(m, this.#sealer, adoptedUpTo);
      let link: Link;
      const base = { position: m.position, subject: m.subject, guildId: c.guildId };
      const replayOf = c.commitId === undefined ? undefined : this.#commits.get(c.commitId);
      if (!c.ok || replayOf !== undefined) {
        const reason = c.ok ? `replay of the commit at position ${replayOf}` : c.reason;
        link = { ...base, status: 'rejected', reason, ...(c.commitId === undefined ? {} : { commitId: c.commitId }), events: 0, prev: null, hash: null };
        this.logger.error({ position: m.position, subject: m.subject, reason }, 'message refused by the chain');
      } else {
        const h = this.#head(c.guildId);
        const hash = linkHash(h.hash, m.subject, c.commit);
        link = { ...base, status: c.sealed ? 'linked' : 'adopted', commitId: c.commitId, events: c.events, prev: h.hash, hash };
        h.hash = hash;
        h.links++;
        h.events += c.events;
        h.position = m.position;
        this.#commits.set(c.commitId, m.position);
      }
      batch.push(link);
      this.#lastPosition = m.position;
      n++;
      if (batch.length >= PER_RECORD) emit();
      if (inflight.length >= WINDOW) pending.push(flush().catch((e: unknown) => void (failed ??= e)));
    });
    const read = performance.now();
    emit();
    pending.push(flush().catch((e: unknown) => void (failed ??= e)));
    await Promise.all(pending);
    this.logger.debug({ linked: n, readMs: Math.round(read - started), writeMs: Math.round(performance.now() - read), upTo: this.#lastPosition }, 'chain caught up');
    if (failed) throw failed;
    return n;
  }

  /** Signs a checkpoint for every guild that is due (or, with `force`, every guild whose chain moved). */
  async checkpoint(force = false): Promise<Checkpoint[]> {
    const every = this.opts.checkpointEvery ?? 1000;
    const interval = this.opts.checkpointIntervalMs ?? 300_000;
    const out: Checkpoint[] = [];
    for (const [guildId, h] of this.#heads) {
      const moved = h.links - h.checkpointedLinks;
      if (moved <= 0) continue;
      if (!force && moved < every && Date.now() - h.checkpointedAt < interval) continue;
      const key = await this.#keyring.ensure(guildId);
      const body = {
        v: 1 as const,
        kind: 'checkpoint' as const,
        guildId,
        position: h.position,
        links: h.links,
        events: h.events,
        head: h.hash,
        at: new Date().toISOString(),
        keyId: key.keyId,
      };
      const checkpoint: Checkpoint = { ...body, signature: signText(this.#keyring.signingKey(key), canonicalJson(body)) };
      await this.js.publish(subjects.checkpoint(this.names, guildId), JSON.stringify(checkpoint), { msgID: `ckpt-${guildId}-${h.links}` });
      h.checkpointedLinks = h.links;
      h.checkpointedAt = Date.now();
      out.push(checkpoint);
      this.logger.info({ guildId, position: h.position, links: h.links, keyId: key.keyId }, 'checkpoint signed');
      try {
        await this.opts.onCheckpoint?.(checkpoint);
      } catch (err) {
        this.logger.warn({ err, guildId }, 'checkpoint stored, but posting it as a witness failed');
      }
    }
    return out;
  }

  /** Catches up and checkpoints every `pollMs` until stopped. */
  start(pollMs = 500): void {
    const tick = async () => {
      try {
        await this.catchUp();
        await this.checkpoint();
      } catch (err) {
        this.logger.error({ err }, 'chainer tick failed');
      }
      if (!this.#stopped) this.#timer = setTimeout(() => (this.#running = tick()), pollMs);
    };
    this.#running = tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
