import type { Projection } from '@guildhall/eventing';
import { evolveCase, initialCaseState, type CaseState } from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { CASE_EVENT_TYPES, caseKey, loadByCase, parseCaseEvent, storedCaseState } from './case-events.js';
import { envelopeColumns, envelopeColumnsDdl, envelopeValues } from './envelope-columns.js';
import { insertRows, type Column } from './sql.js';

/**
 * Read model `case_timeline`: every event of every case, in stream order (seq 1, 2, ...), with
 * its actor, source, time and payload, and the state of the case after it: the moderation
 * context's own evolveCase folded event by event, stored as jsonb. The UI's history slider and
 * "as of" queries read these rows instead of replaying.
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

export const caseTimelineProjection: Projection = {
  name: 'case_timeline',
  migrations: [CASE_TIMELINE_MIGRATION_V1],
  eventTypes: CASE_EVENT_TYPES,
  apply: (events, { client, schema }) => applyTimeline(events, client, schema),
};
