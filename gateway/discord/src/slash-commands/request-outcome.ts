import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope } from '@guildhall/kernel';
import { memberRecordEvents, memberRecordStreamId } from '@guildhall/moderation';

export type RequestOutcome =
  | Readonly<{ status: 'applied'; caseNumber: number }>
  | Readonly<{ status: 'failed'; caseNumber: number; reason: string; discordErrorCode: number | null }>
  | Readonly<{ status: 'pending' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows the member's record until the request is settled (the case is open and, for a
 * Discord action, Discord answered) or the wait ends. Reads only what was appended since the
 * last look, so waiting costs one small read per poll.
 */
export const waitForRequestOutcome = async (
  store: EventStore,
  guildId: string,
  userId: string,
  requestId: string,
  timeoutMs: number,
): Promise<RequestOutcome> => {
  const streamId = memberRecordStreamId(guildId, userId);
  const deadline = Date.now() + timeoutMs;
  let after = 0;
  for (let poll = 0; ; poll++) {
    const { version, events } = await store.readStream(streamId, { afterVersion: after });
    after = Math.max(after, version);
    for (const envelope of events) {
      const e = eventFromEnvelope(memberRecordEvents, envelope);
      if (e?.type === 'ModerationActionApplied' && e.data.requestId === requestId) return { status: 'applied', caseNumber: e.data.caseNumber };
      if (e?.type === 'ModerationActionFailed' && e.data.requestId === requestId) {
        return { status: 'failed', caseNumber: e.data.caseNumber, reason: e.data.reason, discordErrorCode: e.data.discordErrorCode };
      }
    }
    if (Date.now() >= deadline) return { status: 'pending' };
    await sleep(Math.min(50 * 2 ** poll, 400, Math.max(0, deadline - Date.now())));
  }
};
