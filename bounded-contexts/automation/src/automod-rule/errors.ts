import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of automod rules. */
export const AutomodErrorCodes = {
  AUTOMOD_RULE_EXISTS: 'AUTOMOD_RULE_EXISTS',
  AUTOMOD_RULE_NOT_FOUND: 'AUTOMOD_RULE_NOT_FOUND',
  /** An update made against an older revision than the rule's (someone else saved in between). */
  AUTOMOD_RULE_REVISION_CONFLICT: 'AUTOMOD_RULE_REVISION_CONFLICT',
} as const;
export type AutomodErrorCode = (typeof AutomodErrorCodes)[keyof typeof AutomodErrorCodes];

export const rejectAutomod = (code: AutomodErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
