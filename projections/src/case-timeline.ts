import { appealEvents, evolveCaseAppeals, liftRequestIdOf, parseAppealEvent, type Appeal } from '@guildhall/appeals';
import type { Projection } from '@guildhall/eventing';
import { evolveCase, initialCaseState, type CaseState } from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { CASE_EVENT_TYPES, caseKey, caseKeyArrays, loadByCase, parseCaseEvent, storedCaseState } from './case-events.js';
import { envelopeColumns, envelopeColumnsDdl, envelopeValues } from './envelope-columns.js';
import { insertRows, type Column } from './sql.js';

/**
 * Read model `case_timeline`: every event of every case, in stream order (seq 1, 2, ...), with
 * its actor, source, time and payload, and the state of the case after it: the moderation
 * context's own evolveCase folded event by event, stored as jsonb. The UI's history slider and
 * "as of" queries read these rows instead of replaying.
 *
 * And (V2) every event of the case's appeals (stream `appeals.case.<guildId>-<caseNumber>`), in
 * `case_appeal_events`: its own seq within that stream, the appeal after it (the appeals
 * context's evolveCaseAppeals), and, for an approval that lifts the sanction, the request id of
 * the lift it sends, so the case's CaseLifted (and the unban case's CaseOpened) can name the
 * appeal. The query merges both tables in store order. The statement and answers are the
 * appellant's sealed personal data: this read model sees them as the shredding store opens them,
 * so after a forget (a rebuild) they read "[erased]"; who may see them is the query's caller's to say.
 */
export const CASE_TIMELINE_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.case_events (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  seq integer NOT NULL,
  ${envelopeColumnsDdl},
  payload jsonb NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (guild_id, case_number, seq)
);
CREATE UNIQUE INDEX case_events_by_event ON ${s}.case_events (event_id);
`;

export const CASE_TIMELINE_MIGRATION_V2 = (s: string): string => `
CREATE TABLE ${s}.case_appeal_events (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  seq integer NOT NULL,
  appeal_id text NOT NULL,
  ${envelopeColumnsDdl},
  payload jsonb NOT NULL,
  appeal jsonb NOT NULL,
  lift_request_id text,
  PRIMARY KEY (guild_id, case_number, seq)
);
CREATE UNIQUE INDEX case_appeal_events_by_event ON ${s}.case_appeal_events (event_id);
CREATE INDEX case_appeal_events_by_lift ON ${s}.case_appeal_events (guild_id, lift_request_id) WHERE lift_request_id IS NOT NULL;
`;

const COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['case_number', 'integer'],
  ['seq', 'integer'],
  ...envelopeColumns,
  ['payload', 'jsonb'],
  ['state', 'jsonb'],
];

type Last = { guild_id: string; case_number: number; seq: number; state: unknown };

const applyTimeline = async (events: Parameters<Projection['apply']>[0], client: PoolClient, schema: string): Promise<void> => {
  const parsed = events.flatMap((e) => {
    const p = parseCaseEvent(e);
    return p ? [{ ...p, envelope: e }] : [];
  });
  if (parsed.length === 0) return;
  const last = await loadByCase<Last>(
    client,
    `SELECT DISTINCT ON (guild_id, case_number) guild_id, case_number, seq, state FROM ${schema}.case_events
      WHERE (guild_id, case_number) IN (SELECT * FROM unnest($1::text[], $2::int[]))
      ORDER BY guild_id, case_number, seq DESC`,
    parsed,
  );
  const current = new Map<string, { seq: number; state: CaseState }>();
  const rows: Record<string, unknown>[] = [];
  for (const { guildId, caseNumber, event, envelope } of parsed) {
    const key = caseKey({ guildId, caseNumber });
    const before = current.get(key) ?? (() => {
      const row = last.get(key);
      return row ? { seq: row.seq, state: storedCaseState(row.state) } : { seq: 0, state: initialCaseState() };
    })();
    const after = { seq: before.seq + 1, state: evolveCase(before.state, event) };
    current.set(key, after);
    rows.push({
      guild_id: guildId,
      case_number: caseNumber,
      seq: after.seq,
      ...envelopeValues(envelope),
      // The payload as the domain parsed it (defaults applied), which is what evolve saw.
      payload: event.data,
      state: after.state,
    });
  }
  await insertRows(client, `${schema}.case_events`, COLUMNS, rows);
};

const APPEAL_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['case_number', 'integer'],
  ['seq', 'integer'],
  ['appeal_id', 'text'],
  ...envelopeColumns,
  ['payload', 'jsonb'],
  ['appeal', 'jsonb'],
  ['lift_request_id', 'text'],
];

type LastAppeal = { guild_id: string; case_number: number; appeal_id: string; seq: number; appeal: Appeal };

const applyAppealSteps = async (events: Parameters<Projection['apply']>[0], client: PoolClient, schema: string): Promise<void> => {
  const parsed = events.flatMap((envelope) => {
    const event = parseAppealEvent(envelope);
    return event ? [{ guildId: event.data.guildId, caseNumber: event.data.caseNumber, event, envelope }] : [];
  });
  if (parsed.length === 0) return;
  // The latest row of every appeal of the cases the batch touches: the case's last seq, each appeal's state.
  const { rows: last } = await client.query<LastAppeal>(
    `SELECT DISTINCT ON (guild_id, case_number, appeal_id) guild_id, case_number, appeal_id, seq, appeal FROM ${schema}.case_appeal_events
      WHERE (guild_id, case_number) IN (SELECT * FROM unnest($1::text[], $2::int[]))
      ORDER BY guild_id, case_number, appeal_id, seq DESC`,
    caseKeyArrays(parsed),
  );
  const seqOf = new Map<string, number>();
  const appealOf = new Map<string, Appeal>();
  for (const r of last) {
    const key = caseKey({ guildId: r.guild_id, caseNumber: r.case_number });
    seqOf.set(key, Math.max(seqOf.get(key) ?? 0, r.seq));
    appealOf.set(r.appeal_id, r.appeal);
  }
  const rows: Record<string, unknown>[] = [];
  for (const { guildId, caseNumber, event, envelope } of parsed) {
    const { appealId } = event.data;
    const before = appealOf.get(appealId);
    // An appeal's later event without its submission (a schema migrated after the appeal began: rebuild) has nothing to fold onto.
    if (!before && event.type !== 'AppealSubmitted') continue;
    const after = evolveCaseAppeals({ appeals: before ? [before] : [] }, event).appeals.find((a) => a.appealId === appealId);
    if (!after) continue;
    appealOf.set(appealId, after);
    const key = caseKey({ guildId, caseNumber });
    const seq = (seqOf.get(key) ?? 0) + 1;
    seqOf.set(key, seq);
    rows.push({
      guild_id: guildId,
      case_number: caseNumber,
      seq,
      appeal_id: appealId,
      ...envelopeValues(envelope),
      payload: event.data,
      appeal: after,
      lift_request_id: event.type === 'AppealDecided' && event.data.lifts !== null ? liftRequestIdOf(envelope.id) : null,
    });
  }
  await insertRows(client, `${schema}.case_appeal_events`, APPEAL_COLUMNS, rows);
};

export const caseTimelineProjection: Projection = {
  name: 'case_timeline',
  migrations: [CASE_TIMELINE_MIGRATION_V1, CASE_TIMELINE_MIGRATION_V2],
  eventTypes: [...CASE_EVENT_TYPES, ...Object.keys(appealEvents)],
  apply: async (events, { client, schema }) => {
    await applyTimeline(events, client, schema);
    await applyAppealSteps(events, client, schema);
  },
};
