import type { StoredEvent } from '@guildhall/kernel';
import { eventFromEnvelope } from '@guildhall/kernel';
import { memberRecordEvents } from './member-record/events.js';

/**
 * Where a moderation request ended, the same milestone for the slash reply and the web: done in
 * Discord (with its case number), failed (with Discord's code and a human reason), or not yet.
 */
export type ModerationOutcome =
  | Readonly<{ status: 'applied'; caseNumber: number }>
  | Readonly<{ status: 'failed'; caseNumber: number; reason: string; discordErrorCode: number | null }>
  | Readonly<{ status: 'pending' }>;

/** Reads the member record's events for the outcome of one request (pure). */
export const outcomeOfRequest =
  (requestId: string) =>
  (stored: StoredEvent): ModerationOutcome | undefined => {
    if (stored.type !== 'ModerationActionApplied' && stored.type !== 'ModerationActionFailed') return undefined;
    const e = eventFromEnvelope(memberRecordEvents, stored);
    if (e?.type === 'ModerationActionApplied' && e.data.requestId === requestId) return { status: 'applied', caseNumber: e.data.caseNumber };
    if (e?.type === 'ModerationActionFailed' && e.data.requestId === requestId) {
      return { status: 'failed', caseNumber: e.data.caseNumber, reason: e.data.reason, discordErrorCode: e.data.discordErrorCode };
    }
    return undefined;
  };
