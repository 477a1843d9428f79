import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of the appeals context. */
export const AppealErrorCodes = {
  /** The guild does not take appeals. */
  APPEALS_DISABLED: 'APPEALS_DISABLED',
  /** Only the sanctioned member may appeal (or withdraw) their case. */
  NOT_YOUR_CASE: 'NOT_YOUR_CASE',
  /** Not a sanction (an unban, a removed timeout), or a hidden case the guild hides from the member. */
  CASE_NOT_APPEALABLE: 'CASE_NOT_APPEALABLE',
  /** The case already has an appeal that is submitted or under review. */
  APPEAL_ALREADY_OPEN: 'APPEAL_ALREADY_OPEN',
  /** The last appeal of the case was denied less than the guild's cooldown ago. */
  APPEAL_COOLDOWN: 'APPEAL_COOLDOWN',
  /** More answers than the guild asks questions. */
  TOO_MANY_ANSWERS: 'TOO_MANY_ANSWERS',
  APPEAL_NOT_FOUND: 'APPEAL_NOT_FOUND',
  /** The moderator who issued the sanction never reviews or decides its appeal. */
  REVIEWER_IS_CASE_MODERATOR: 'REVIEWER_IS_CASE_MODERATOR',
  /** The appellant never reviews or decides their own appeal. */
  REVIEWER_IS_APPELLANT: 'REVIEWER_IS_APPELLANT',
  /** The appeal was withdrawn: nothing more happens to it. */
  APPEAL_WITHDRAWN: 'APPEAL_WITHDRAWN',
  /** The appeal was already approved or denied. */
  APPEAL_ALREADY_DECIDED: 'APPEAL_ALREADY_DECIDED',
  /** A decision that says a second moderator approved it, but was not run by that approval. */
  DECISION_NOT_APPROVED: 'DECISION_NOT_APPROVED',
  /** Assigned to another reviewer already. */
  APPEAL_ASSIGNED_TO_OTHER: 'APPEAL_ASSIGNED_TO_OTHER',
} as const;
export type AppealErrorCode = (typeof AppealErrorCodes)[keyof typeof AppealErrorCodes];

/** The codes that are about who asks (HTTP 403); the others are about the appeal's state (409) or absence (404). */
const E = AppealErrorCodes;
export const forbiddenAppealCodes: ReadonlySet<string> = new Set([E.NOT_YOUR_CASE, E.REVIEWER_IS_CASE_MODERATOR, E.REVIEWER_IS_APPELLANT, E.APPEALS_DISABLED, E.CASE_NOT_APPEALABLE, E.DECISION_NOT_APPROVED]);
/** Codes about the appeal's absence (HTTP 404). */
export const notFoundAppealCodes: ReadonlySet<string> = new Set([E.APPEAL_NOT_FOUND]);

export const reject = (code: AppealErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
