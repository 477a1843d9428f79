import { deterministicId, ErrorCodes, InfraError, NewEventSchema, parseStreamId, type EventEnvelope } from '@guildhall/kernel';
import { jsonEvent, NO_STREAM, type EventData, type JSONType, type Position, type RecordedEvent } from '@kurrent/kurrentdb-client';
import { z } from 'zod';
import type { Commit } from './commit.js';

/**
 * Stored on every ESDB event so a reader can give all events of one append the same version
 * (the revision of the append's last event + 1) without seeing the others.
 */
const CommitMetaSchema = z.object({
  commitId: z.string().min(1),
  commitSize: z.number().int().positive(),
  index: z.number().int().nonnegative(),
});

/**
 * ESDB event ids derive from (commitId, index): a retried append with the same commitId carries
 * the same ids, which ESDB's idempotency check recognises. The domain event id stays in `data`.
 */
export const toEventData = (commit: Commit): EventData[] =>
  commit.events.map((e, index) =>
    jsonEvent({
      id: deterministicId('guildhall-commit', commit.commitId, index),
      type: e.type,
      data: e as unknown as JSONType,
      metadata: { commitId: commit.commitId, commitSize: commit.events.length, index },
    }),
  );

/** Commit positions are byte offsets in ESDB's log; numbers are exact up to 2^53 (~9 PB). */
export const positionToNumber = (p: Position | undefined): number => {
  if (p === undefined) throw new InfraError(ErrorCodes.INVALID_MESSAGE, 'EventStoreDB returned an event without a position');
  if (p.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InfraError(ErrorCodes.INVALID_MESSAGE, `EventStoreDB commit position ${p.commit} is past 2^53 and cannot be a number position`);
  }
  return Number(p.commit);
};

/** 0 = no stream; otherwise the revision of the last event + 1. */
export const versionOfRevision = (revision: bigint | typeof NO_STREAM): number => (revision === NO_STREAM ? 0 : Number(revision) + 1);

/** Our streams only: `<prefix><context>.<streamType>.<id>` (system `$` streams never match). */
export const streamNameRegex = (prefix: string): string =>
  `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`;

export const fromRecorded = (e: RecordedEvent, prefix: string): { envelope: EventEnvelope } | { reason: string } => {
  const streamId = e.streamId.slice(prefix.length);
  if (!e.streamId.startsWith(prefix) || parseStreamId(streamId) === undefined) return { reason: `stream ${e.streamId} is not ${prefix}<context>.<streamType>.<id>` };
  if (!e.isJson) return { reason: 'not a JSON event' };
  const meta = CommitMetaSchema.safeParse(e.metadata);
  if (!meta.success) return { reason: `metadata is not a commit marker: ${meta.error.issues[0]!.message}` };
  const data = NewEventSchema.safeParse(e.data);
  if (!data.success) {
    const issue = data.error.issues[0]!;
    return { reason: `not an event: ${issue.path.map(String).join('.')}: ${issue.message}` };
  }
  const version = Number(e.revision) + meta.data.commitSize - meta.data.index;
  return { envelope: { ...data.data, streamId, version, position: positionToNumber(e.position) } };
};

export const commitIndex = (e: RecordedEvent): { index: number; size: number } | undefined => {
  const meta = CommitMetaSchema.safeParse(e.metadata);
  return meta.success ? { index: meta.data.index, size: meta.data.commitSize } : undefined;
};
