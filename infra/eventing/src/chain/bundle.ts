import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { AuditSecret } from './audit-secret.js';
import { readAuditRecords } from './audit-reader.js';
import { lastSeq } from './audit-streams.js';
import { auditNames } from './names.js';
import { readRawComplete } from './raw-reader.js';
import type { Checkpoint, KeyRecord, Link } from './records.js';
import { verifyAudit, type VerifyReport } from './verify.js';

export const BUNDLE_FORMAT = 'guildhall-audit-bundle/1';

/** One line of `events.ndjson`: a chained commit as stored, and its link (the proof). */
export type BundleLine = Readonly<{ position: number; subject: string; commit: unknown; prev: string; hash: string }>;

export type Bundle = Readonly<{
  manifest: Readonly<{
    format: typeof BUNDLE_FORMAT;
    guildId: string;
    exportedAt: string;
    eventsStream: string;
    commits: number;
    events: number;
    upToPosition: number;
    chain: string;
    canonicalJson: string;
  }>;
  lines: readonly BundleLine[];
  checkpoints: readonly Checkpoint[];
  keys: readonly KeyRecord[];
}>;

/**
 * A guild's verifiable export: its chained commits in chain order with their links, its signed
 * checkpoints and its public keys. `tools/verify-bundle.mjs` checks one offline. Refused (the
 * report is returned instead) when the guild's chain does not verify in the store.
 */
export const buildBundle = async (
  nc: NatsConnection,
  opts: Readonly<{ streamName: string; subjectPrefix: string; secret: AuditSecret; guildId: string }>,
): Promise<{ bundle: Bundle } | { report: VerifyReport }> => {
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const names = auditNames(opts.streamName, opts.subjectPrefix);
  const records = await readAuditRecords(js, jsm, names);
  const head = await lastSeq(jsm, opts.streamName);
  const events = new Map<number, { subject: string; data: string; seal: string | undefined; position: number }>();
  if (head > 0) await readRawComplete(js, jsm, { stream: opts.streamName, toSeq: head }, (m) => events.set(m.position, m));
  const report = verifyAudit({ names, events: [...events.values()], records, secret: opts.secret, guildId: opts.guildId });
  if (!report.ok) return { report };
  const lines: BundleLine[] = [];
  let count = 0;
  const links: Link[] = records.chain.flatMap(({ record }) => (record.kind === 'links' ? record.links : []));
  for (const l of links) {
    if (l.guildId !== opts.guildId || l.status === 'rejected') continue;
    const m = events.get(l.position);
    if (!m) continue;
    const commit = JSON.parse(m.data) as { events: unknown[] };
    count += commit.events.length;
    lines.push({ position: l.position, subject: l.subject, commit, prev: l.prev!, hash: l.hash! });
  }
  return {
    bundle: {
      manifest: {
        format: BUNDLE_FORMAT,
        guildId: opts.guildId,
        exportedAt: new Date().toISOString(),
        eventsStream: opts.streamName,
        commits: lines.length,
        events: count,
        upToPosition: lines.at(-1)?.position ?? 0,
        chain: 'hash = sha256_hex(prev + "\\n" + canonical({commit, subject})); the first prev is 64 zeros',
        canonicalJson: 'RFC 8785 (JCS): sorted keys, no whitespace, ECMAScript number and string forms',
      },
      lines,
      checkpoints: records.checkpoints.map((c) => c.record).filter((c) => c.guildId === opts.guildId),
      keys: records.keys.map((k) => k.record).filter((k) => k.guildId === opts.guildId).sort((a, b) => a.version - b.version),
    },
  };
};
