import { parseStreamId, type EventEnvelope } from '@guildhall/kernel';
import { decodeCommit, toEnvelopes } from '../event-store/commit.js';

/**
 * One message of the EVENTS stream as the runner receives it. `seq` is the stream sequence:
 * the commit's global position, and the version of its stream.
 */
export type RawCommit = Readonly<{ seq: number; subject: string; data: Uint8Array }>;

export type DecodedCommit =
  | Readonly<{ ok: true; seq: number; events: readonly EventEnvelope[] }>
  | Readonly<{ ok: false; seq: number; subject: string; reason: string; raw: Uint8Array }>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const fail = (c: RawCommit, reason: string): DecodedCommit => ({ ok: false, seq: c.seq, subject: c.subject, reason, raw: c.data });

/**
 * Decodes a JetStream message into envelopes with the event store's own commit codec (so the
 * runner and the store agree on the format): streamId from the subject, version and position
 * from the sequence. Never throws: a malformed commit comes back with the reason, to be
 * dead-lettered.
 */
export const decodeCommitMessage = (c: RawCommit, subjectPrefix: string): DecodedCommit => {
  const head = `${subjectPrefix}.`;
  const streamId = c.subject.startsWith(head) ? c.subject.slice(head.length) : '';
  if (!parseStreamId(streamId)) return fail(c, `subject "${c.subject}" is not ${head}<context>.<streamType>.<id>`);
  let text: string;
  try {
    text = utf8.decode(c.data);
  } catch {
    return fail(c, 'not UTF-8');
  }
  const decoded = decodeCommit(text);
  if ('reason' in decoded) return fail(c, decoded.reason);
  return { ok: true, seq: c.seq, events: toEnvelopes(decoded.commit, streamId, c.seq, c.seq) };
};

/** Opens the events of decoded commits (crypto-shredding: decrypted, or erased), one key lookup per batch. */
export const openCommits = async (
  decoded: readonly DecodedCommit[],
  open: (events: readonly EventEnvelope[]) => Promise<readonly EventEnvelope[]>,
): Promise<DecodedCommit[]> => {
  const events = await open(decoded.flatMap((d) => (d.ok ? d.events : [])));
  let i = 0;
  return decoded.map((d) => {
    if (!d.ok) return d;
    const mine = events.slice(i, i + d.events.length);
    i += d.events.length;
    return { ...d, events: mine };
  });
};
