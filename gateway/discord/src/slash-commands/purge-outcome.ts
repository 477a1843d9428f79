import type { StreamWaiter } from '@guildhall/eventing';
import { eventFromEnvelope, type StoredEvent } from '@guildhall/kernel';
import { messagePurgeEvents, messagePurgeStreamId } from '@guildhall/messaging';

export type PurgeOutcome =
  | Readonly<{ status: 'purged'; deletedCount: number; skippedCount: number }>
  | Readonly<{ status: 'failed'; reason: string; discordErrorCode: number | null }>
  | Readonly<{ status: 'pending' }>;

const outcomeOf = (stored: StoredEvent): PurgeOutcome | undefined => {
  const e = eventFromEnvelope(messagePurgeEvents, stored);
  if (e?.type === 'MessagesPurged') return { status: 'purged', deletedCount: e.data.deletedCount, skippedCount: e.data.skippedCount };
  if (e?.type === 'MessagesPurgeFailed') return { status: 'failed', reason: e.data.reason, discordErrorCode: e.data.discordErrorCode };
  return undefined;
};

/** Waits (pushed, on the purge's own stream) until Discord's outcome is recorded or the wait ends. */
export const waitForPurgeOutcome = async (waiter: StreamWaiter, guildId: string, requestId: string, timeoutMs: number): Promise<PurgeOutcome> =>
  (await waiter.waitFor(messagePurgeStreamId(guildId, requestId), outcomeOf, timeoutMs)) ?? { status: 'pending' };
