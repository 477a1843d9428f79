import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of scheduled actions. */
export const ScheduleErrorCodes = {
  /** The cron expression cannot be read (five fields: minute hour day-of-month month day-of-week). */
  CRON_INVALID: 'CRON_INVALID',
  /** A cron expression that is valid but never comes round (e.g. 30 February). */
  CRON_NEVER_FIRES: 'CRON_NEVER_FIRES',
  /** Not an IANA time zone this runtime knows. */
  TIME_ZONE_UNKNOWN: 'TIME_ZONE_UNKNOWN',
  /** A one-off time that has already passed. */
  AT_IN_PAST: 'AT_IN_PAST',
  /** A message with neither content nor an embed. */
  MESSAGE_EMPTY: 'MESSAGE_EMPTY',
  /** The embeds together pass Discord's 6000-character total. */
  EMBEDS_TOO_LONG: 'EMBEDS_TOO_LONG',
  /** A temporary role's `until` is not after the time the role is given. */
  UNTIL_NOT_AFTER_START: 'UNTIL_NOT_AFTER_START',
  /** A temporary role runs once (give, then remove): a recurring trigger is refused. */
  TEMPORARY_ROLE_NOT_ONCE: 'TEMPORARY_ROLE_NOT_ONCE',
  /** The role was given already: only its `until` can change now. */
  TEMPORARY_ROLE_GIVEN: 'TEMPORARY_ROLE_GIVEN',
  SCHEDULE_NOT_FOUND: 'SCHEDULE_NOT_FOUND',
  SCHEDULE_EXISTS: 'SCHEDULE_EXISTS',
  /** Cancelled or completed: nothing can change it any more. */
  SCHEDULE_FINISHED: 'SCHEDULE_FINISHED',
  SCHEDULE_ALREADY_PAUSED: 'SCHEDULE_ALREADY_PAUSED',
  SCHEDULE_NOT_PAUSED: 'SCHEDULE_NOT_PAUSED',
  /** An outcome for a run the schedule never started. */
  RUN_NOT_FOUND: 'RUN_NOT_FOUND',
} as const;
export type ScheduleErrorCode = (typeof ScheduleErrorCodes)[keyof typeof ScheduleErrorCodes];

export const reject = (code: ScheduleErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
