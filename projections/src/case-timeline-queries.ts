import type { Appeal, AppealEventType } from '@guildhall/appeals';
import { WITHHELD } from '@guildhall/kernel';
import { initialCaseState, type CaseEvent, type CaseState } from '@guildhall/moderation';
import { z } from 'zod';
import { storedCaseState } from './case-events.js';
import { isoOf, num, readModel, type Db } from './db.js';
import { GuildIdSchema, InstantInputSchema, parseQuery } from './query-input.js';

/** Who, from where, when and why of one step of a case's timeline (either stream). */
type StepEnvelope = Readonly<{
  /** The n-th event of its stream: the case's, or the case's appeals'. */
  seq: number;
  eventId: string;
  version: number;
  position: number;
  occurredAt: string;
  actor: Readonly<{ kind: string; id: string; name: string }>;
  source: string;
  correlationId: string;
  causationId: string | null;
  payload: unknown;
  /** The case after this step (evolveCaseAppeals never changes it: an appeal step carries the case as it then was). */
  state: CaseState;
}>;

/** The appeal a lift came from: an approval's UnbanMember / RemoveMemberTimeout. */
export type AppealLink = Readonly<{ appealId: string; caseNumber: number }>;

export type CaseTimelineStep = StepEnvelope &
  Readonly<{
    stream: 'case';
    type: CaseEvent['type'];
    /** A CaseLifted (or the unban case's CaseOpened) whose lift an approved appeal sent. */
    liftedByAppeal: AppealLink | null;
  }>;

export type AppealTimelineStep = StepEnvelope &
  Readonly<{
    stream: 'appeal';
    type: AppealEventType;
    appealId: string;
    /** The case the appeal is of: this case, or (for the case an approved appeal opened, e.g. its unban) the case it lifted. */
    appealCaseNumber: number;
    /** The appeal after this event. */
    appeal: Appeal;
  }>;

/** One step of a case's history, from the case's stream or from its appeals'. */
export type TimelineEntry = CaseTimelineStep | AppealTimelineStep;


type StepDbRow = {
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
};
type TimelineDbRow = StepDbRow & { state: unknown };
type AppealDbRow = StepDbRow & { case_number: number; appeal_id: string; appeal: Appeal };

const envelopeOf = (r: StepDbRow) => ({
  seq: r.seq,
  eventId: r.event_id,
  version: num(r.version),
  position: num(r.position),
  occurredAt: isoOf(r.occurred_at),
  actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  source: r.source,
  correlationId: r.correlation_id,
  causationId: r.causation_id,
  payload: r.payload,
});

/** The appellant's own words withheld (the questions stay: the guild wrote them). */
const withheldAppeal = (a: Appeal): Appeal => ({ ...a, statement: WITHHELD, answers: a.answers.map((x) => ({ ...x, answer: WITHHELD })) });
const withheldPayload = (type: string, payload: unknown): unknown => {
  if (type !== 'AppealSubmitted' || typeof payload !== 'object' || payload === null) return payload;
  const p = payload as { answers?: unknown };
  const answers = Array.isArray(p.answers) ? p.answers.map((x: unknown) => (typeof x === 'object' && x !== null ? { ...x, answer: WITHHELD } : x)) : p.answers;
  return { ...payload, statement: WITHHELD, answers };
};

/** The request ids a case step may have been lifted by (its CaseLifted's lift; the unban case's own request). */
const liftRequestOf = (type: string, payload: unknown): string | null => {
  const p = (payload ?? {}) as { byRequestId?: unknown; requestId?: unknown; liftsCaseNumber?: unknown };
  if (type === 'CaseLifted' && typeof p.byRequestId === 'string') return p.byRequestId;
  if (type === 'CaseOpened' && p.liftsCaseNumber != null && typeof p.requestId === 'string') return p.requestId;
  return null;
};

export const TimelineInputSchema = z.object({ guildId: GuildIdSchema, caseNumber: z.number().int().positive() }).strict();
export const CaseTimelineInputSchema = TimelineInputSchema.extend({
  /** Show the appellants' statements and answers (the guild's moderators); otherwise they read WITHHELD (`[withheld]`). */
  statements: z.boolean().default(false),
}).strict();

/**
 * Every step of a case in store order: its own events and its appeals' (submitted, assigned,
 * decided, withdrawn, reminded), with who did it, from where, when, and the state after it.
 * Store order (the global position) is the order the events were appended, i.e. by time across
 * the streams, and the order the state after each step was folded in. A lift an approval sent
 * names its appeal (`liftedByAppeal`); a case that lift opened (the unban) also lists that
 * appeal's steps, the same rows under the same privacy rules as on the case it lifted, since they
 * are how the case came to be.
 */
export const getCaseTimeline = async (db: Db, input: z.input<typeof CaseTimelineInputSchema>): Promise<TimelineEntry[]> => {
  const { guildId, caseNumber, statements } = parseQuery('getCaseTimeline', CaseTimelineInputSchema, input);
  const cols = `seq, event_id, type, version, position, occurred_at, actor_kind, actor_id, actor_name, source, correlation_id, causation_id, payload`;
  const { rows } = await db.query<TimelineDbRow>(
    `SELECT ${cols}, state FROM ${readModel('case_timeline')}.case_events WHERE guild_id = $1 AND case_number = $2 ORDER BY seq`,
    [guildId, caseNumber],
  );
  const liftIds = [...new Set(rows.flatMap((r) => liftRequestOf(r.type, r.payload) ?? []))];
  const { rows: lifts } =
    liftIds.length === 0
      ? { rows: [] }
      : await db.query<{ appeal_id: string; case_number: number; lift_request_id: string }>(
          `SELECT appeal_id, case_number, lift_request_id FROM ${readModel('case_timeline')}.case_appeal_events WHERE guild_id = $1 AND lift_request_id = ANY($2::text[])`,
          [guildId, liftIds],
        );
  const appealOfLift = new Map(lifts.map((l) => [l.lift_request_id, { appealId: l.appeal_id, caseNumber: l.case_number }]));
  // The appeals of another case whose approval opened this one (an appeal of this case is among its own rows anyway).
  const causedBy = lifts.filter((l) => l.case_number !== caseNumber);
  // By position: the steps of two appeal streams interleave by when they happened; events of one commit share a position (and a stream), seq orders them.
  const { rows: appealRows } = await db.query<AppealDbRow>(
    `SELECT ${cols}, case_number, appeal_id, appeal FROM ${readModel('case_timeline')}.case_appeal_events
      WHERE guild_id = $1 AND (case_number = $2 OR (case_number, appeal_id) IN (SELECT * FROM unnest($3::int[], $4::text[]))) ORDER BY position, seq`,
    [guildId, caseNumber, causedBy.map((l) => l.case_number), causedBy.map((l) => l.appeal_id)],
  );

  const caseSteps: CaseTimelineStep[] = rows.map((r) => {
    const lift = liftRequestOf(r.type, r.payload);
    return { ...envelopeOf(r), stream: 'case', type: r.type as CaseEvent['type'], state: storedCaseState(r.state), liftedByAppeal: (lift && appealOfLift.get(lift)) || null };
  });
  // Merge by position (two streams never share a commit); an appeal step carries the case as it then was.
  const out: TimelineEntry[] = [];
  let i = 0;
  let caseNow: CaseState = initialCaseState();
  for (const r of appealRows) {
    const position = num(r.position);
    while (i < caseSteps.length && caseSteps[i]!.position < position) {
      caseNow = caseSteps[i]!.state;
      out.push(caseSteps[i++]!);
    }
    out.push({
      ...envelopeOf(r),
      payload: statements ? r.payload : withheldPayload(r.type, r.payload),
      stream: 'appeal',
      type: r.type as AppealEventType,
      appealId: r.appeal_id,
      appealCaseNumber: r.case_number,
      appeal: statements ? r.appeal : withheldAppeal(r.appeal),
      state: caseNow,
    });
  }
  out.push(...caseSteps.slice(i));
  return out;
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
