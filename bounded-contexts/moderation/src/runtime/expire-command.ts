import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { ScheduledApprovalExpiry, ScheduledExpiry } from './expiry-schedule-queries.js';

export const SCHEDULER_ACTOR: Actor = { kind: 'system', id: 'guildhall-scheduler', name: 'Guildhall scheduler' };

/** One id per case ever: every firing of one expiry is the same command, decided once. */
export const expireCommandId = (guildId: string, caseNumber: number): string => deterministicId('expire', guildId, caseNumber);

/**
 * ExpireCase for a due expiry, issued at the scheduler's `now` (the decider refuses an expiry
 * issued before its due time), in the case's correlation, caused by the ExpiryScheduled event.
 */
export const expireCommand = (expiry: ScheduledExpiry, now: Date): CommandEnvelope => ({
  id: expireCommandId(expiry.guildId, expiry.caseNumber),
  type: 'ExpireCase',
  issuedAt: now.toISOString(),
  guildId: expiry.guildId,
  actor: SCHEDULER_ACTOR,
  source: 'scheduler',
  correlationId: expiry.correlationId,
  causationId: expiry.scheduledEventId,
  payload: { caseNumber: expiry.caseNumber },
});

/** ExpireApproval for a lapsed four-eyes request: one id per request ever, so it is decided once. */
export const expireApprovalCommand = (expiry: ScheduledApprovalExpiry, now: Date): CommandEnvelope => ({
  id: deterministicId('expire-approval', expiry.guildId, expiry.approvalId),
  type: 'ExpireApproval',
  issuedAt: now.toISOString(),
  guildId: expiry.guildId,
  actor: SCHEDULER_ACTOR,
  source: 'scheduler',
  correlationId: expiry.correlationId,
  causationId: expiry.requestedEventId,
  payload: { approvalId: expiry.approvalId },
});
