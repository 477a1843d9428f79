import type { EventEnvelope } from '@guildhall/kernel';
import { caseEvents, parseModerationEvent, type CaseEvent, type CaseState } from '@guildhall/moderation';
import type { PoolClient } from 'pg';

/** The case stream's event types (what the case read models consume). */
export const CASE_EVENT_TYPES: readonly string[] = Object.keys(caseEvents);

export type CaseKey = Readonly<{ guildId: string; caseNumber: number }>;
export const caseKey = (k: CaseKey): string => `${k.guildId}\u001f${k.caseNumber}`;

/**
 * A stored case event, parsed with the moderation context's zod schemas. A malformed payload
 * throws INVALID_MESSAGE, which the runner dead-letters; another context's type yields undefined.
 */
export const parseCaseEvent = (e: EventEnvelope): (CaseKey & { event: CaseEvent }) | undefined => {
  const event = parseModerationEvent(e);
  if (!event || !Object.hasOwn(caseEvents, event.type)) return undefined;
  const caseEvent = event as CaseEvent;
  return { guildId: e.guildId, caseNumber: caseEvent.data.caseNumber, event: caseEvent };
};

/**
 * The cases a batch touches, as `unnest` arrays for `(guild_id, case_number) IN (...)`:
 * one query loads every previous state the batch needs.
 */
export const caseKeyArrays = (keys: Iterable<CaseKey>): [string[], number[]] => {
  const guilds: string[] = [];
  const numbers: number[] = [];
  for (const k of keys) {
    guilds.push(k.guildId);
    numbers.push(k.caseNumber);
  }
  return [guilds, numbers];
};

/**
 * States read back from a read model were written there by the same evolve from the same
 * events; they are plain JSON by the domain's design (no Map/Set), so they are used as is.
 */
export const storedCaseState = (json: unknown): CaseState => json as CaseState;

export const loadByCase = async <R extends { guild_id: string; case_number: number }>(
  client: PoolClient,
  sql: string,
  keys: Iterable<CaseKey>,
): Promise<Map<string, R>> => {
  const [guilds, numbers] = caseKeyArrays(keys);
  const found = new Map<string, R>();
  if (guilds.length === 0) return found;
  const { rows } = await client.query<R>(sql, [guilds, numbers]);
  for (const r of rows) found.set(caseKey({ guildId: r.guild_id, caseNumber: r.case_number }), r);
  return found;
};
