import { initialCaseState, type CaseEvent, type CaseState } from '@guildhall/moderation';
import { z } from 'zod';
import { storedCaseState } from './case-events.js';
import { isoOf, num, readModel, type Db } from './db.js';
import { GuildIdSchema, InstantInputSchema, parseQuery } from './query-input.js';

export type TimelineEntry = Readonly<{
  seq: number;
  eventId: string;
  type: CaseEvent['type'];
  version: number;
  position: number;
  occurredAt: string;
  actor: Readonly<{ kind: string; id: string; name: string }>;
  source: string;
  correlationId: string;
  causationId: string | null;
  payload: unknown;
  /** The case after this event (evolveCase over the events up to and including it). */
  state: CaseState;
}>;

type TimelineDbRow = {
  seq: number;
  event_id: string;
  type: string;
  version: string;
  position: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  source: string;
  correlation_id: string;
  causation_id: string | null;
  payload: unknown;
  state: unknown;
};

const toEntry = (r: TimelineDbRow): TimelineEntry => ({
  seq: r.seq,
  eventId: r.event_id,
  type: r.type as CaseEvent['type'],
  version: num(r.version),
  position: num(r.position),
  occurredAt: isoOf(r.occurred_at),
  actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  source: r.source,
  correlationId: r.correlation_id,
  causationId: r.causation_id,
  payload: r.payload,
  state: storedCaseState(r.state),
});

export const TimelineInputSchema = z.object({ guildId: GuildIdSchema, caseNumber: z.number().int().positive() }).strict();

/** Every event of a case in order, with who did it, from where, when, and the state after it. */
export const getCaseTimeline = async (db: Db, input: z.input<typeof TimelineInputSchema>): Promise<TimelineEntry[]> => {
  const { guildId, caseNumber } = parseQuery('getCaseTimeline', TimelineInputSchema, input);
  const { rows } = await db.query<TimelineDbRow>(
    `SELECT seq, event_id, type, version, position, occurred_at, actor_kind, actor_id, actor_name, source, correlation_id,
            causation_id, payload, state
       FROM ${readModel('case_timeline')}.case_events WHERE guild_id = $1 AND case_number = $2 ORDER BY seq`,
    [guildId, caseNumber],
  );
  return rows.map(toEntry);
};

/** A point in a case's history: a stream version, a moment, or "after the n-th event". */
export const AsOfSchema = z.union([
  z.object({ version: z.number().int().nonnegative() }).strict(),
  z.object({ moment: InstantInputSchema }).strict(),
  z.object({ seq: z.number().int().nonnegative() }).strict(),
]);
export type AsOfInput = z.input<typeof AsOfSchema>;

export const CaseAsOfInputSchema = TimelineInputSchema.extend({ at: AsOfSchema }).strict();

/**
 * The state of a case as of a version, a moment or an event count, from the timeline rows.
 * Same meaning as the domain's caseAsOf: the longest prefix of the stream within the point (a
 * replay stops at the first event past a moment), so the answer is a state the case really had.
 * A case that did not exist yet is `{ status: 'none' }`.
 */
export const caseStateAt = async (db: Db, input: z.input<typeof CaseAsOfInputSchema>): Promise<CaseState> => {
  const { guildId, caseNumber, at } = parseQuery('caseStateAt', CaseAsOfInputSchema, input);
  const t = `${readModel('case_timeline')}.case_events`;
  let bound: string;
  const values: unknown[] = [guildId, caseNumber];
  if ('version' in at) {
    values.push(at.version);
    bound = `version <= $3`;
  } else if ('seq' in at) {
    values.push(at.seq);
    bound = `seq <= $3`;
  } else {
    values.push(at.moment);
    bound = `seq < coalesce((SELECT min(seq) FROM ${t} WHERE guild_id = $1 AND case_number = $2 AND occurred_at > $3), 2147483647)`;
  }
  const { rows } = await db.query<{ state: unknown }>(
    `SELECT state FROM ${t} WHERE guild_id = $1 AND case_number = $2 AND ${bound} ORDER BY seq DESC LIMIT 1`,
    values,
  );
  return rows[0] ? storedCaseState(rows[0].state) : initialCaseState();
};
