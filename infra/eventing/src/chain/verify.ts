import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { publicKeyOfRaw, rawPublicKey, type AuditSecret } from './audit-secret.js';
import { readAuditRecords, type AuditRecords } from './audit-reader.js';
import { lastSeq } from './audit-streams.js';
import { canonicalJson } from './canonical.js';
import { classify } from './classify.js';
import { auditNames, type AuditNames } from './names.js';
import { readRawComplete, type StoredMessage } from './raw-reader.js';
import { endorsementForm, GENESIS_HASH, linkHash, unsignedForm, verifyText, type Checkpoint, type KeyRecord, type Link } from './records.js';
import { createSealer } from './seal.js';

export const ProblemCodes = {
  /** A message no writer sealed (published straight to a subject), or not a commit at all. */
  FORGED: 'FORGED',
  /** A chain link names a message that is gone (JetStream message delete, purge). */
  DELETED: 'DELETED',
  /** A message's bytes no longer hash to its chain link. */
  CHANGED: 'CHANGED',
  /** A commit sits in the wrong place of its guild's chain (moved, or a commit before it was removed with its link). */
  REORDERED: 'REORDERED',
  /** A sealed commit stored a second time (its commitId is already chained). */
  REPLAYED: 'REPLAYED',
  /** A stored message the chain skipped although the chainer went past it. */
  UNCHAINED: 'UNCHAINED',
  /** A chain link or genesis record that is forged, unreadable or duplicated. */
  BAD_LINK: 'BAD_LINK',
  /** A checkpoint whose signature does not verify, whose key is unknown, or whose head the chain does not reach. */
  BAD_CHECKPOINT: 'BAD_CHECKPOINT',
  /** A guild key that is not endorsed by the key before it, or not the guild's key. */
  BAD_KEY: 'BAD_KEY',
} as const;
export type ProblemCode = (typeof ProblemCodes)[keyof typeof ProblemCodes];

export type Problem = Readonly<{ code: ProblemCode; stream: string; position: number; subject?: string; guildId?: string; what: string }>;

export type VerifyReport = Readonly<{
  ok: boolean;
  /** Events in commits whose chain links verified. */
  events: number;
  commits: number;
  /** Sealed commits newer than the chain (the chainer has not reached them yet): not a failure. */
  pending: number;
  checkpoints: number;
  guilds: number;
  /** The last events-stream position verified (0 when none), and the time of that event. */
  upToPosition: number;
  upToOccurredAt: string | null;
  /** In store order; the first one is "the first bad place". */
  problems: readonly Problem[];
  guildId: string | null;
  /** The same per guild (problems counted; a problem without a guild counts for none). */
  perGuild: Readonly<Record<string, GuildVerification>>;
}>;

export type GuildVerification = Readonly<{ ok: boolean; events: number; commits: number; upToPosition: number; upToOccurredAt: string | null; problems: number }>;

export type VerifyInput = Readonly<{
  names: AuditNames;
  /** The events stream's messages, in order. */
  events: readonly StoredMessage[];
  records: AuditRecords;
  secret: AuditSecret;
  guildId?: string;
}>;

type Head = { hash: string; links: number; events: number; position: number };

const occurredAtOf = (commit: unknown): string | null => {
  const e = (commit as { events?: { occurredAt?: unknown }[] }).events?.at(-1);
  return typeof e?.occurredAt === 'string' ? e.occurredAt : null;
};

/**
 * Recomputes every guild chain from the stored messages and checks links, seals, keys and
 * checkpoints. Pure: the caller reads the streams (`verifyStore`) or a test hands it records.
 */
export const verifyAudit = (input: VerifyInput): VerifyReport => {
  const { names, records, secret } = input;
  const sealer = createSealer(secret.sealKey);
  const problems: Problem[] = [];
  const only = input.guildId;
  const inScope = (g: string | undefined) => only === undefined || g === only || g === '' || g === undefined;

  // Chain records: sealed by the chainer, one link per position.
  const links = new Map<number, Link>();
  let adoptedUpTo = 0;
  let genesisSeen = false;
  let lastLinked = 0;
  for (const u of records.unreadable) {
    if (u.stream === names.chainStream) problems.push({ code: 'BAD_LINK', stream: u.stream, position: u.seq, subject: u.subject, what: `unreadable chain record: ${u.reason}` });
  }
  const seqs = new Set<number>();
  for (const { seq, subject, record } of records.chain) {
    seqs.add(seq);
    const { seal, ...body } = record;
    if (!sealer.check(subject, canonicalJson(body), seal)) {
      problems.push({ code: 'BAD_LINK', stream: names.chainStream, position: seq, subject, what: 'forged chain record: its seal does not verify' });
      continue;
    }
    if (record.kind === 'genesis') {
      if (!genesisSeen) adoptedUpTo = record.adoptedUpTo;
      genesisSeen = true;
      continue;
    }
    for (const link of record.links) {
      if (links.has(link.position)) {
        problems.push({ code: 'BAD_LINK', stream: names.chainStream, position: seq, subject, what: `second chain link for events position ${link.position}` });
        continue;
      }
      links.set(link.position, link);
      lastLinked = Math.max(lastLinked, link.position);
    }
  }
  // The chain stream has one writer and is never trimmed: every sequence up to its last is a record.
  for (let seq = 1; seq <= records.chainLastSeq; seq++) {
    if (!seqs.has(seq) && !records.unreadable.some((u) => u.stream === names.chainStream && u.seq === seq)) {
      problems.push({ code: 'BAD_LINK', stream: names.chainStream, position: seq, what: 'chain record deleted (the links it held are gone; their events can no longer be told from forgeries)' });
    }
  }
  const linkOfCommit = new Map<string, Link>();
  for (const l of links.values()) if (l.commitId !== undefined && l.status !== 'rejected') linkOfCommit.set(l.commitId, l);
  if (!genesisSeen && links.size > 0) {
    problems.push({ code: 'BAD_LINK', stream: names.chainStream, position: 1, what: 'the chain has links but no genesis record' });
  }

  // Keys: version n endorsed by version n-1, and derived from the audit secret.
  const keys = new Map<string, KeyRecord>();
  const byGuild = new Map<string, KeyRecord[]>();
  for (const { seq, record } of [...records.keys].sort((a, b) => a.record.version - b.record.version)) {
    if (!inScope(record.guildId)) continue;
    const list = byGuild.get(record.guildId) ?? [];
    const prev = list.at(-1);
    const bad = (what: string) => problems.push({ code: 'BAD_KEY', stream: names.auditStream, position: seq, guildId: record.guildId, what: `key ${record.keyId}: ${what}` });
    if (rawPublicKey(secret.signingKey(record.guildId, record.version)) !== record.publicKey) {
      bad("not the guild's key (it is not the key AUDIT_SECRET gives for this version)");
      continue;
    }
    if (record.version !== (prev?.version ?? 0) + 1) {
      bad(`version ${record.version} follows ${prev?.version ?? 'nothing'}`);
      continue;
    }
    if (prev && !(record.endorsement && record.previousKeyId === prev.keyId && verifyText(publicKeyOfRaw(prev.publicKey), endorsementForm(record), record.endorsement))) {
      bad(`not endorsed by ${prev.keyId}`);
      continue;
    }
    list.push(record);
    byGuild.set(record.guildId, list);
    keys.set(record.keyId, record);
  }

  // Checkpoints: a valid signature by a known key of the guild; matched against the chain below.
  const due = new Map<string, Map<number, { seq: number; c: Checkpoint }>>();
  let checkpoints = 0;
  for (const u of records.unreadable) {
    if (u.stream === names.auditStream) problems.push({ code: 'BAD_CHECKPOINT', stream: u.stream, position: u.seq, subject: u.subject, what: `unreadable audit record: ${u.reason}` });
  }
  for (const { seq, subject, record } of records.checkpoints) {
    if (!inScope(record.guildId)) continue;
    const bad = (what: string) => problems.push({ code: 'BAD_CHECKPOINT', stream: names.auditStream, position: seq, subject, guildId: record.guildId, what: `checkpoint of ${record.links} commits up to position ${record.position}: ${what}` });
    const key = keys.get(record.keyId);
    if (!key || key.guildId !== record.guildId) {
      bad(`signed with ${record.keyId}, which is not a key of guild ${record.guildId}`);
      continue;
    }
    if (!verifyText(publicKeyOfRaw(key.publicKey), unsignedForm(record, 'signature'), record.signature)) {
      bad(`the signature does not verify with ${record.keyId} (signed by another key, or changed)`);
      continue;
    }
    const m = due.get(record.guildId) ?? new Map<number, { seq: number; c: Checkpoint }>();
    m.set(record.links, { seq, c: record });
    due.set(record.guildId, m);
  }

  // The walk: every stored message and every link, in position order.
  const events = new Map<number, StoredMessage>();
  for (const m of input.events) events.set(m.position, m);
  const positions = [...new Set([...events.keys(), ...links.keys()])].sort((a, b) => a - b);
  const heads = new Map<string, Head>();
  const head = (g: string): Head => {
    let h = heads.get(g);
    if (!h) heads.set(g, (h = { hash: GENESIS_HASH, links: 0, events: 0, position: 0 }));
    return h;
  };
  const commits = new Map<string, number>();
  const stats = new Map<string, { events: number; commits: number; upToPosition: number; upToOccurredAt: string | null; problems: number }>();
  const guildStats = (g: string) => {
    let st = stats.get(g);
    if (!st) stats.set(g, (st = { events: 0, commits: 0, upToPosition: 0, upToOccurredAt: null, problems: 0 }));
    return st;
  };
  let verifiedEvents = 0;
  let verifiedCommits = 0;
  let pending = 0;
  let upTo = 0;
  let upToAt: string | null = null;
  const S = names.eventsStream;
  const advance = (g: string, l: Link) => {
    const h = head(g);
    h.hash = l.hash!;
    h.links++;
    h.events += l.events;
    h.position = l.position;
    const c = due.get(g)?.get(h.links);
    if (c) {
      checkpoints++;
      if (c.c.head !== h.hash || c.c.position !== h.position) {
        problems.push({ code: 'BAD_CHECKPOINT', stream: names.auditStream, position: c.seq, guildId: g, what: `checkpoint of ${c.c.links} commits says head ${c.c.head.slice(0, 12)}… at position ${c.c.position}; the chain has ${h.hash.slice(0, 12)}… at position ${h.position}` });
      }
      due.get(g)!.delete(h.links);
    }
  };
  for (const p of positions) {
    const e = events.get(p);
    const l = links.get(p);
    if (!e && l) {
      if (l.status === 'rejected' || !inScope(l.guildId)) continue; // a refused forgery that was cleaned up
      problems.push({ code: 'DELETED', stream: S, position: p, subject: l.subject, guildId: l.guildId, what: `message deleted: the chain links commit ${l.commitId ?? '?'} (${l.events} events) of guild ${l.guildId} here` });
      advance(l.guildId, l);
      continue;
    }
    if (!e) continue;
    const c = classify(e, sealer, adoptedUpTo);
    if (!inScope(c.guildId) && !(l && inScope(l.guildId))) continue;
    const at = { stream: S, position: p, subject: e.subject, guildId: c.guildId || l?.guildId || undefined };
    if (!l) {
      if (!c.ok) problems.push({ code: 'FORGED', ...at, what: c.reason });
      else if (p > lastLinked) pending++;
      else problems.push({ code: 'UNCHAINED', ...at, what: `stored message has no chain link although the chain reaches position ${lastLinked}` });
      continue;
    }
    const home = c.ok ? linkOfCommit.get(c.commitId) : undefined;
    if (c.ok && home && home.position !== p && l.status !== 'rejected' && home.hash === linkHash(home.prev ?? GENESIS_HASH, e.subject, c.commit)) {
      problems.push({ code: 'REORDERED', ...at, what: `commit ${c.commitId} is chained at position ${home.position} but stored here (moved)` });
      advance(l.guildId, l);
      continue;
    }
    if (l.subject !== e.subject) {
      problems.push({ code: 'CHANGED', ...at, what: `stored on ${e.subject}, but its chain link says ${l.subject}` });
      if (l.status !== 'rejected') advance(l.guildId, l);
      continue;
    }
    if (l.status === 'rejected') {
      problems.push({ code: c.ok ? 'REPLAYED' : 'FORGED', ...at, what: c.ok ? (l.reason ?? 'refused by the chainer') : c.reason });
      continue;
    }
    if (!c.ok || linkHash(l.prev ?? GENESIS_HASH, e.subject, c.commit) !== l.hash) {
      problems.push({ code: 'CHANGED', ...at, what: `changed since it was chained: its bytes no longer hash to its link (commit ${l.commitId ?? '?'})${c.ok ? '' : `; ${c.reason}`}` });
      advance(l.guildId, l);
      continue;
    }
    const replayOf = commits.get(c.commitId);
    if (replayOf !== undefined) {
      problems.push({ code: 'REPLAYED', ...at, what: `commit ${c.commitId} is already chained at position ${replayOf}` });
      continue;
    }
    const h = head(c.guildId);
    if (l.guildId !== c.guildId || l.prev !== h.hash) {
      problems.push({ code: 'REORDERED', ...at, what: `out of place in guild ${c.guildId}'s chain: its link follows ${l.prev?.slice(0, 12)}…, but the guild's previous commit in the store ${h.position ? `(position ${h.position})` : '(none)'} ends in ${h.hash.slice(0, 12)}… (moved, or a commit before it was removed with its link)` });
    }
    advance(c.guildId, l);
    commits.set(c.commitId, p);
    verifiedCommits++;
    verifiedEvents += c.events;
    upTo = p;
    upToAt = occurredAtOf(c.commit);
    const pg = guildStats(c.guildId);
    pg.events += c.events;
    pg.commits++;
    pg.upToPosition = p;
    pg.upToOccurredAt = upToAt;
  }
  for (const [g, m] of due) {
    for (const { seq, c } of m.values()) {
      problems.push({ code: 'BAD_CHECKPOINT', stream: names.auditStream, position: seq, guildId: g, what: `checkpoint of ${c.links} commits up to position ${c.position}, but guild ${g}'s chain has only ${heads.get(g)?.links ?? 0} (commits removed from its end)` });
    }
  }
  const order = (x: Problem) => (x.stream === S ? 0 : x.stream === names.chainStream ? 1 : 2);
  problems.sort((a, b) => order(a) - order(b) || a.position - b.position);
  for (const p of problems) if (p.guildId) guildStats(p.guildId).problems++;
  return {
    perGuild: Object.fromEntries([...stats].map(([g, st]) => [g, { ...st, ok: st.problems === 0 }])),
    ok: problems.length === 0,
    events: verifiedEvents,
    commits: verifiedCommits,
    pending,
    checkpoints,
    guilds: [...heads.keys()].length,
    upToPosition: upTo,
    upToOccurredAt: upToAt,
    problems,
    guildId: only ?? null,
  };
};

/** Reads the events, chain and audit streams of one store and verifies them (no other service needed). */
export const verifyStore = async (
  nc: NatsConnection,
  opts: Readonly<{ streamName: string; subjectPrefix: string; secret: AuditSecret; guildId?: string }>,
): Promise<VerifyReport> => {
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const names = auditNames(opts.streamName, opts.subjectPrefix);
  // The chain first: whatever the chainer links meanwhile is then a newer, pending message.
  const records = await readAuditRecords(js, jsm, names);
  const head = await lastSeq(jsm, opts.streamName);
  const events: StoredMessage[] = [];
  if (head > 0) await readRawComplete(js, jsm, { stream: opts.streamName, toSeq: head }, (m) => events.push(m));
  return verifyAudit({ names, events, records, secret: opts.secret, ...(opts.guildId === undefined ? {} : { guildId: opts.guildId }) });
};

/** One line per problem, as `npm run verify` prints them. */
export const formatProblem = (p: Problem): string =>
  `${p.code} in stream ${p.stream} at position ${p.position}${p.subject ? ` (${p.subject})` : ''}${p.guildId ? ` [guild ${p.guildId}]` : ''}: ${p.what}`;
