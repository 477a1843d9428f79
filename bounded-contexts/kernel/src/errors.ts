/**
 * Errors with a stable, documented code a user (or a client) can act on. Codes are
 * SCREAMING_SNAKE_CASE and never change meaning once released.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** An infrastructure failure with a code (config, store, bus). Not a business rule. */
export class InfraError extends Error {
  override readonly name = 'InfraError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const ErrorCodes = {
  /** The stream changed since it was read; reload and decide again. */
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** A message on the wire did not match its schema. */
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  /** A command's payload did not match its schema. */
  INVALID_COMMAND: 'INVALID_COMMAND',
  /** An environment variable is missing or malformed. */
  INVALID_SETTINGS: 'INVALID_SETTINGS',
  /** The sender stopped waiting; the command still completes. */
  COMMAND_TIMEOUT: 'COMMAND_TIMEOUT',
  /** No handler is registered for the command type. */
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
} as const;
