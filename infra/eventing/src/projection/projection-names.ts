import { createHash } from 'node:crypto';
import { InfraError } from '@guildhall/kernel';

/** Projection names become schema names and subject tokens: keep them plain and short. */
const NAME = /^[a-z][a-z0-9_]{0,47}$/;

export const assertProjectionName = (name: string): void => {
  // `__` is reserved for the rebuild's suffixes (`rm_x__next`, `rm_x__old`).
  if (!NAME.test(name) || name.includes('__')) {
    throw new InfraError('INVALID_PROJECTION', `projection name "${name}" must match ${NAME} without "__"`, { name });
  }
};

/** The schema a projection's live read model lives in. */
export const liveSchema = (name: string): string => `rm_${name}`;
/** The schema a rebuild fills before it is swapped in. */
export const nextSchema = (name: string): string => `rm_${name}__next`;
/** Where the replaced schema goes for the instant of the swap. */
export const oldSchema = (name: string): string => `rm_${name}__old`;

/** Quotes an identifier for SQL. Names are validated, so this is belt and braces. */
export const quoteIdent = (id: string): string => `"${id.replaceAll('"', '""')}"`;

/** The durable JetStream consumer that feeds a projection's live runner. */
export const consumerName = (name: string): string => `proj_${name}`;

/** A NATS subject token: guild ids are snowflakes, anything else is refused. */
const SUBJECT_TOKEN = /^[A-Za-z0-9_-]+$/;
export const readModelSubject = (guildId: string, name: string): string | undefined =>
  SUBJECT_TOKEN.test(guildId) ? `rm.${guildId}.${name}` : undefined;

/**
 * Advisory lock keys (two int4s). `write` is taken per transaction by every writer of the live
 * schema (a live batch, the rebuild's switch), `run` is held by the one active live runner,
 * `rebuild` by the one running rebuild. Derived from a hash so that every process agrees.
 */
export type LockRole = 'write' | 'run' | 'rebuild' | 'migrate';
export const lockKey = (role: LockRole, name: string): readonly [number, number] => {
  const h = createHash('sha1').update(`guildhall.projection\u001f${role}\u001f${name}`).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
};
