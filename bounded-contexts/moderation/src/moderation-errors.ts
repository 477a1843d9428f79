import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of the moderation context (never change meaning once released). */
export const ModerationErrorCodes = {
  ALREADY_BANNED: 'ALREADY_BANNED',
  NOT_BANNED: 'NOT_BANNED',
  ALREADY_TIMED_OUT: 'ALREADY_TIMED_OUT',
  NOT_TIMED_OUT: 'NOT_TIMED_OUT',
  /** Timeout or kick of a member who is banned (Discord has no such member). */
  MEMBER_BANNED: 'MEMBER_BANNED',
  /** The ban/timeout to lift is still waiting for Discord, or a lift is already on its way. */
  ACTION_PENDING: 'ACTION_PENDING',
  REQUEST_NOT_FOUND: 'REQUEST_NOT_FOUND',
  /** An outcome contradicts the one already recorded (applied vs failed). */
  REQUEST_ALREADY_SETTLED: 'REQUEST_ALREADY_SETTLED',
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  /** OpenCase for a number already used by another request. */
  CASE_ALREADY_EXISTS: 'CASE_ALREADY_EXISTS',
  DISCORD_ACTION_NOT_FOUND: 'DISCORD_ACTION_NOT_FOUND',
  DISCORD_ACTION_ALREADY_SETTLED: 'DISCORD_ACTION_ALREADY_SETTLED',
  /** The case has no expiry in effect (permanent, never applied in Discord, or not a ban/timeout). */
  CASE_NOT_EXPIRABLE: 'CASE_NOT_EXPIRABLE',
  EXPIRY_NOT_DUE: 'EXPIRY_NOT_DUE',
  CASE_ALREADY_EXPIRED: 'CASE_ALREADY_EXPIRED',
  CASE_ALREADY_LIFTED: 'CASE_ALREADY_LIFTED',
  /** Only a ban or a timeout can be lifted. */
  CASE_NOT_LIFTABLE: 'CASE_NOT_LIFTABLE',
  CASE_ALREADY_HIDDEN: 'CASE_ALREADY_HIDDEN',
  CASE_NOT_HIDDEN: 'CASE_NOT_HIDDEN',
  BULK_NOT_FOUND: 'BULK_NOT_FOUND',
  BULK_TARGET_NOT_FOUND: 'BULK_TARGET_NOT_FOUND',
  APPROVAL_NOT_FOUND: 'APPROVAL_NOT_FOUND',
  /** Four-eyes: the moderator who asked for an act can never approve (or deny) it. */
  OWN_APPROVAL_FORBIDDEN: 'OWN_APPROVAL_FORBIDDEN',
  /** Approved, denied or executed already: decided once. */
  APPROVAL_ALREADY_DECIDED: 'APPROVAL_ALREADY_DECIDED',
  /** Past its expiry (the scheduler records the expiry itself). */
  APPROVAL_EXPIRED: 'APPROVAL_EXPIRED',
  APPROVAL_NOT_DUE: 'APPROVAL_NOT_DUE',
  /** A held command may run only once its request is approved. */
  APPROVAL_NOT_GRANTED: 'APPROVAL_NOT_GRANTED',
  /** Reports: nobody reports themselves or a bot; one open report per reporter and message (or member). */
  REPORT_SELF: 'REPORT_SELF',
  REPORT_BOT: 'REPORT_BOT',
  REPORT_ALREADY_OPEN: 'REPORT_ALREADY_OPEN',
  REPORT_NOT_FOUND: 'REPORT_NOT_FOUND',
  REPORT_ALREADY_RESOLVED: 'REPORT_ALREADY_RESOLVED',
  /** A report is resolved by a case about the member it reports. */
  REPORT_TARGET_MISMATCH: 'REPORT_TARGET_MISMATCH',
} as const;
export type ModerationErrorCode = (typeof ModerationErrorCodes)[keyof typeof ModerationErrorCodes];

export const reject = (code: ModerationErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
