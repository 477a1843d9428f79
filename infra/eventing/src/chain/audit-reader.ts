import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { lastSeq } from './audit-streams.js';
import type { AuditNames } from './names.js';
import { readRawComplete, type StoredMessage } from './raw-reader.js';
import { ChainRecordSchema, CheckpointSchema, KeyRecordSchema, type ChainRecord, type Checkpoint, type KeyRecord } from './records.js';

export type Stored<T> = Readonly<{ seq: number; subject: string; record: T }>;
export type Unreadable = Readonly<{ stream: string; seq: number; subject: string; reason: string }>;

export type AuditRecords = Readonly<{
  chain: Stored<ChainRecord>[];
  /** The chain stream's last sequence: a chain record missing below it was deleted. */
  chainLastSeq: number;
  keys: Stored<KeyRecord>[];
  checkpoints: Stored<Checkpoint>[];
  /** Messages in the chain/audit streams that are not valid records (forged or damaged). */
  unreadable: Unreadable[];
}>;

const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, data: string): T | string => {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return 'not JSON';
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  return `${i.path.map(String).join('.') || '(root)'}: ${i.message}`;
};

/** A whole stream (each holds only its own subjects, so no filter: see readRaw). */
const readAllOf = async (js: JetStreamClient, jsm: JetStreamManager, stream: string): Promise<{ last: number; messages: StoredMessage[] }> => {
  const last = await lastSeq(jsm, stream);
  const messages: StoredMessage[] = [];
  if (last > 0) await readRawComplete(js, jsm, { stream, toSeq: last }, (m) => messages.push(m));
  return { last, messages };
};

/** Reads the chain and audit streams whole (they are small next to the events). */
export const readAuditRecords = async (
  js: JetStreamClient,
  jsm: JetStreamManager,
  n: AuditNames,
  opts: Readonly<{ withChain?: boolean }> = {},
): Promise<AuditRecords> => {
  const unreadable: Unreadable[] = [];
  const chain: Stored<ChainRecord>[] = [];
  let chainLastSeq = 0;
  if (opts.withChain !== false) {
    const read = await readAllOf(js, jsm, n.chainStream);
    chainLastSeq = read.last;
    for (const m of read.messages) {
      const r = parse<ChainRecord>(ChainRecordSchema, m.data);
      if (typeof r === 'string') unreadable.push({ stream: n.chainStream, seq: m.position, subject: m.subject, reason: r });
      else chain.push({ seq: m.position, subject: m.subject, record: r });
    }
  }
  const keys: Stored<KeyRecord>[] = [];
  const checkpoints: Stored<Checkpoint>[] = [];
  for (const m of (await readAllOf(js, jsm, n.auditStream)).messages) {
    const kind = m.subject.slice(n.auditPrefix.length + 1).split('.')[0];
    if (kind === 'key') {
      const r = parse<KeyRecord>(KeyRecordSchema, m.data);
      if (typeof r === 'string') unreadable.push({ stream: n.auditStream, seq: m.position, subject: m.subject, reason: r });
      else keys.push({ seq: m.position, subject: m.subject, record: r });
    } else if (kind === 'ckpt') {
      const r = parse<Checkpoint>(CheckpointSchema, m.data);
      if (typeof r === 'string') unreadable.push({ stream: n.auditStream, seq: m.position, subject: m.subject, reason: r });
      else checkpoints.push({ seq: m.position, subject: m.subject, record: r });
    }
  }
  return { chain, chainLastSeq, keys, checkpoints, unreadable };
};
