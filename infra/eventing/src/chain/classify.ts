import type { Sealer } from './seal.js';

/** What the chainer and the verifier both decide about one stored message. */
export type Classified =
  | Readonly<{ ok: true; guildId: string; commitId: string; events: number; commit: unknown; sealed: boolean }>
  | Readonly<{ ok: false; guildId: string; reason: string; commitId?: string }>;

/**
 * Parses just what the chain needs from a stored commit (commitId, event count, the guild of its
 * first event) and checks the writer seal. A full zod decode is the readers' job; the chain
 * hashes whatever was stored.
 */
export const classify = (
  m: Readonly<{ position: number; subject: string; data: string; seal: string | undefined }>,
  sealer: Sealer,
  adoptedUpTo: number,
): Classified => {
  let json: unknown;
  try {
    json = JSON.parse(m.data);
  } catch {
    return { ok: false, guildId: '', reason: 'forged: not JSON (not written by the event store)' };
  }
  const c = json as { commitId?: unknown; events?: unknown };
  const first = Array.isArray(c.events) ? (c.events[0] as { guildId?: unknown } | undefined) : undefined;
  if (typeof c.commitId !== 'string' || !Array.isArray(c.events) || c.events.length === 0 || typeof first?.guildId !== 'string') {
    return { ok: false, guildId: '', reason: 'forged: not a commit (no commitId, events or guildId)' };
  }
  const guildId = first.guildId;
  const sealed = sealer.check(m.subject, m.data, m.seal);
  if (!sealed && m.position > adoptedUpTo) {
    return {
      ok: false,
      guildId,
      commitId: c.commitId,
      reason: m.seal === undefined ? 'forged: no writer seal (published straight to the subject)' : 'forged: the writer seal does not match the stored bytes',
    };
  }
  return { ok: true, guildId, commitId: c.commitId, events: c.events.length, commit: json, sealed };
};
