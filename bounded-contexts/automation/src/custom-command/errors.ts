import { DomainError } from '@guildhall/kernel';

/** Stable rejection codes of the automation context's custom commands and workflows. */
export const AutomationErrorCodes = {
  /** A definition that breaks a rule Discord or Guildhall sets (name, options, template, actions). */
  INVALID_DEFINITION: 'INVALID_DEFINITION',
  /** The response or an action's text does not parse, or names an unknown variable. */
  INVALID_TEMPLATE: 'INVALID_TEMPLATE',
  /** Another command of the guild (or a built-in one) has this name. */
  NAME_TAKEN: 'NAME_TAKEN',
  COMMAND_NOT_FOUND: 'COMMAND_NOT_FOUND',
  VERSION_NOT_FOUND: 'VERSION_NOT_FOUND',
  /** The edit was made on an older version than the stored one. */
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** The member ran the command again before its cooldown ended. */
  ON_COOLDOWN: 'ON_COOLDOWN',
  WORKFLOW_NOT_FOUND: 'WORKFLOW_NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
} as const;
export type AutomationErrorCode = (typeof AutomationErrorCodes)[keyof typeof AutomationErrorCodes];

export const reject = (code: AutomationErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details);
};
