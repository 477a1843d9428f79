import { ErrorCodes, InfraError, NewEventSchema, parseStreamId, type EventEnvelope, type NewEvent } from '@guildhall/kernel';
import { z } from 'zod';
import type { ExpectedVersion } from './event-store.js';

/** What one append stores (one JetStream message): all its events, deduped as a whole by commitId. */
export const CommitSchema = z.object({
  commitId: z.string().min(1),
  events: z.array(NewEventSchema).min(1),
});
export type Commit = z.infer<typeof CommitSchema>;

const invalid = (field: string, reason: string, details: Record<string, unknown> = {}): InfraError =>
  new InfraError(ErrorCodes.INVALID_MESSAGE, `${field}: ${reason}`, { field, reason, ...details });

const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), 'events');

export const assertStreamId = (streamId: string): void => {
  if (parseStreamId(streamId) === undefined) {
    throw invalid('streamId', `"${streamId}" is not <context>.<streamType>.<id> with tokens [A-Za-z0-9_-]`);
  }
};

/**
 * Checks an append before anything is written; throws INVALID_MESSAGE naming the first bad field
 * (e.g. `events[0].actor.kind`). Returns the commit to store (parsed, so unknown keys are dropped).
 */
export const prepareCommit = (
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  commitId: string | undefined,
): Commit => {
  assertStreamId(streamId);
  if (expected !== 'any' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw invalid('expected', `must be a non-negative integer or 'any', got ${String(expected)}`);
  }
  if (events.length === 0) throw invalid('events', 'an append needs at least one event');
  const parsed = z.array(NewEventSchema).safeParse(events);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(fieldPath(issue.path), issue.message, { streamId });
  }
  const id = commitId ?? parsed.data[0]!.id;
  if (id.length === 0) throw invalid('commitId', 'must not be empty');
  return { commitId: id, events: parsed.data };
};

/** readAll's limit counts events and must allow at least one. */
export const assertLimit = (limit: number): void => {
  if (!(limit >= 1)) throw invalid('limit', `must be at least 1, got ${limit}`);
};

/** The stored events of a commit, with the fields the store defines filled in. */
export const toEnvelopes = (commit: Commit, streamId: string, version: number, position: number): EventEnvelope[] =>
  commit.events.map((e) => ({ ...e, streamId, version, position }));

/** Serialises a commit; a payload JSON cannot hold (BigInt, cycles) is bad input, not a crash. */
export const encodeCommit = (commit: Commit): string => {
  try {
    return JSON.stringify(commit);
  } catch (err) {
    throw invalid('events.payload', `not JSON-serialisable (${(err as Error).message})`);
  }
};

/** Parses a stored commit; returns the reason when it is not one. */
export const decodeCommit = (data: string): { commit: Commit } | { reason: string } => {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (err) {
    return { reason: `not JSON: ${(err as Error).message}` };
  }
  const r = CommitSchema.safeParse(json);
  if (r.success) return { commit: r.data };
  const issue = r.error.issues[0]!;
  return { reason: `not a commit: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` };
};

export const versionConflict = (streamId: string, expected: ExpectedVersion, actual: number | undefined): InfraError =>
  new InfraError(
    ErrorCodes.VERSION_CONFLICT,
    `stream ${streamId} is at version ${actual ?? 'unknown'}, expected ${expected}`,
    { streamId, expected, actual },
  );
