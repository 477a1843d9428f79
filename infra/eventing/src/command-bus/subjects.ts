import { createHash } from 'node:crypto';

/** A NATS subject token (no dots, wildcards or whitespace) — also a valid KV key and stream name. */
export const TOKEN = /^[A-Za-z0-9_-]+$/;

export const isToken = (value: string): boolean => TOKEN.test(value);

/** `<prefix>.<context>.<command>`: where a command travels. */
export const commandSubject = (prefix: string, context: string, command: string): string =>
  `${prefix}.${context}.${command}`;

/** Everything one context's consumer reads (a single filter string, so it works on nats-server 2.9). */
export const contextFilter = (prefix: string, context: string): string => `${prefix}.${context}.>`;

/** `<dlqPrefix>.<context>.<command>`; tokens that are not subject-safe are replaced so the record is never lost. */
export const deadLetterSubject = (prefix: string, context: string, command: string): string =>
  `${prefix}.${safeToken(context)}.${safeToken(command)}`;

/**
 * The key a command's outcome is stored under (KV) and announced on (core NATS). Command ids
 * are free-form strings; ids that are not subject tokens are hashed so the key is always valid.
 */
export const resultKey = (commandId: string): string =>
  isToken(commandId) ? commandId : `h_${createHash('sha256').update(commandId).digest('hex')}`;

/**
 * Core-NATS subject a decided outcome is announced on. It lives outside `<prefix>.>` so the
 * COMMANDS stream never captures it.
 */
export const resultSubject = (prefix: string, commandId: string): string => `${prefix}_result.${resultKey(commandId)}`;

const safeToken = (value: string): string => (isToken(value) ? value : value.replace(/[^A-Za-z0-9_-]/g, '_') || '_');

/** Splits `<prefix>.<context>.<command>`; undefined when the subject has another shape. */
export const parseCommandSubject = (
  prefix: string,
  subject: string,
): { context: string; command: string } | undefined => {
  if (!subject.startsWith(`${prefix}.`)) return undefined;
  const parts = subject.slice(prefix.length + 1).split('.');
  if (parts.length !== 2) return undefined;
  const [context, command] = parts as [string, string];
  return { context, command };
};
