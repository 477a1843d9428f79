import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of the messaging context. */
export const MessagingErrorCodes = {
  /** Neither content nor an embed. */
  MESSAGE_EMPTY: 'MESSAGE_EMPTY',
  /** An embed with nothing to show (no title, description, fields, footer, author or image). */
  EMBED_EMPTY: 'EMBED_EMPTY',
  /** The embeds together pass Discord's 6000-character total. */
  EMBEDS_TOO_LONG: 'EMBEDS_TOO_LONG',
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
  /** An outcome contradicts the one already recorded. */
  MESSAGE_ALREADY_SETTLED: 'MESSAGE_ALREADY_SETTLED',
  PURGE_NOT_FOUND: 'PURGE_NOT_FOUND',
  /** A purge outcome contradicts the one already recorded. */
  PURGE_ALREADY_SETTLED: 'PURGE_ALREADY_SETTLED',
} as const;
export type MessagingErrorCode = (typeof MessagingErrorCodes)[keyof typeof MessagingErrorCodes];

export const reject = (code: MessagingErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
