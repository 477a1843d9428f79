import type { StreamWaiter } from '@guildhall/eventing';
import { memberRecordStreamId } from '../stream-ids.js';
import { outcomeOfRequest, type ModerationOutcome } from '../request-outcome.js';

export type OutcomeQuery = Readonly<{ guildId: string; userId: string; requestId: string }>;

/**
 * The one wait for a moderation request's outcome (a slash command's reply, the web's answer
 * and its "still working" follow-up): pushed by the member record's own appends.
 */
export const waitForOutcome = async (waiter: StreamWaiter, q: OutcomeQuery, timeoutMs: number): Promise<ModerationOutcome> =>
  (await waiter.waitFor(memberRecordStreamId(q.guildId, q.userId), outcomeOfRequest(q.requestId), timeoutMs)) ?? { status: 'pending' };
