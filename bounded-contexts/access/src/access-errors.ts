import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of the access context. */
export const AccessErrorCodes = {
  /** The same subject already holds this level through an active grant. */
  ALREADY_GRANTED: 'ALREADY_GRANTED',
  GRANT_NOT_FOUND: 'GRANT_NOT_FOUND',
  ALREADY_REVOKED: 'ALREADY_REVOKED',
  /** An expiry at or before the moment of the grant. */
  EXPIRY_IN_PAST: 'EXPIRY_IN_PAST',
  TOKEN_NOT_FOUND: 'TOKEN_NOT_FOUND',
  /** A token id or secret hash already in use. */
  ALREADY_ISSUED: 'ALREADY_ISSUED',
  /** "Forget me" for someone else's record. */
  NOT_YOUR_RECORD: 'NOT_YOUR_RECORD',
} as const;
export type AccessErrorCode = (typeof AccessErrorCodes)[keyof typeof AccessErrorCodes];

export const reject = (code: AccessErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
