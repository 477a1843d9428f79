import type { Projection } from '@guildhall/eventing';
import { evolveCase, initialCaseState, type CaseState } from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { CASE_EVENT_TYPES, caseKey, loadByCase, parseCaseEvent, storedCaseState, type CaseKey } from './case-events.js';
import { caseSummary } from './case-summary.js';
import { insertRows, upsertOn, type Column } from './sql.js';

/**
 * Read model `cases`: one row per case with its filterable columns, its replayed state (the
 * moderation context's own evolveCase) and the guild's counts per type and status.
 *
 * Lists are ordered by (opened_at, case_number), newest first. Indexes are chosen for "one
 * filter, maybe a date range, 50 rows" at a million cases per guild: each equality filter has a
 * (guild_id, <column>, opened_at, case_number) btree, so a page, with or without a date range, is
 * one index range read in keyset order (V2; V1 ordered by case number alone, which made an old
 * date range scan everything newer). Text in reason/notes uses a trigram GIN index
 * (ILIKE '%text%'). Counts come from case_counts, kept up to date here, never from count(*).
 */
export const CASES_MIGRATION_V1 = (s: string): string => `
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE TABLE ${s}.cases (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  stream_id text NOT NULL,
  request_id text NOT NULL,
  action text NOT NULL,
  origin text NOT NULL,
  status text NOT NULL,
  outcome text NOT NULL,
  target_id text NOT NULL,
  target_name text,
  moderator_kind text NOT NULL,
  moderator_id text NOT NULL,
  moderator_name text NOT NULL,
  reason text,
  notes_text text NOT NULL,
  note_count integer NOT NULL,
  evidence_count integer NOT NULL,
  hidden boolean NOT NULL,
  bulk_id text,
  duration_seconds integer,
  expires_at timestamptz,
  expiry_status text,
  ended_how text,
  ended_at timestamptz,
  requested_at timestamptz NOT NULL,
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version bigint NOT NULL,
  last_position bigint NOT NULL,
  state jsonb NOT NULL,
  search_text text GENERATED ALWAYS AS (coalesce(reason, '') || E'\\n' || notes_text) STORED,
  PRIMARY KEY (guild_id, case_number)
);
CREATE INDEX cases_by_action ON ${s}.cases (guild_id, action, case_number);
CREATE INDEX cases_by_status ON ${s}.cases (guild_id, status, case_number);
CREATE INDEX cases_by_moderator ON ${s}.cases (guild_id, moderator_id, case_number);
CREATE INDEX cases_by_target ON ${s}.cases (guild_id, target_id, case_number);
CREATE INDEX cases_by_opened ON ${s}.cases (guild_id, opened_at, case_number);
CREATE INDEX cases_search ON ${s}.cases USING gin (search_text public.gin_trgm_ops);
CREATE TABLE ${s}.case_counts (
  guild_id text NOT NULL,
  action text NOT NULL,
  status text NOT NULL,
  hidden boolean NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (guild_id, action, status, hidden)
);
`;

export const CASES_MIGRATION_V2 = (s: string): string => `
DROP INDEX ${s}.cases_by_action;
DROP INDEX ${s}.cases_by_status;
DROP INDEX ${s}.cases_by_moderator;
DROP INDEX ${s}.cases_by_target;
DROP INDEX ${s}.cases_by_opened;
CREATE INDEX cases_by_opened ON ${s}.cases (guild_id, opened_at, case_number);
CREATE INDEX cases_by_action ON ${s}.cases (guild_id, action, opened_at, case_number);
CREATE INDEX cases_by_status ON ${s}.cases (guild_id, status, opened_at, case_number);
CREATE INDEX cases_by_moderator ON ${s}.cases (guild_id, moderator_id, opened_at, case_number);
CREATE INDEX cases_by_target ON ${s}.cases (guild_id, target_id, opened_at, case_number);
`;

/** A member's own record lists their cases in every guild: by target alone (V2's index starts with the guild). */
export const CASES_MIGRATION_V3 = (s: string): string => `
CREATE INDEX cases_by_target_everywhere ON ${s}.cases (target_id, opened_at, case_number);
`;

const CASE_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['case_number', 'integer'],
  ['stream_id', 'text'],
  ['request_id', 'text'],
  ['action', 'text'],
  ['origin', 'text'],
  ['status', 'text'],
  ['outcome', 'text'],
  ['target_id', 'text'],
  ['target_name', 'text'],
  ['moderator_kind', 'text'],
  ['moderator_id', 'text'],
  ['moderator_name', 'text'],
  ['reason', 'text'],
  ['notes_text', 'text'],
  ['note_count', 'integer'],
  ['evidence_count', 'integer'],
  ['hidden', 'boolean'],
  ['bulk_id', 'text'],
  ['duration_seconds', 'integer'],
  ['expires_at', 'timestamptz'],
  ['expiry_status', 'text'],
  ['ended_how', 'text'],
  ['ended_at', 'timestamptz'],
  ['requested_at', 'timestamptz'],
  ['opened_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['version', 'bigint'],
  ['last_position', 'bigint'],
  ['state', 'jsonb'],
];
const COUNT_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['action', 'text'],
  ['status', 'text'],
  ['hidden', 'boolean'],
  ['n', 'bigint'],
];

type Counted = Readonly<{ action: string; status: string; hidden: boolean }>;
type Loaded = Counted & { guild_id: string; case_number: number; state: unknown };
type Working = CaseKey & { before: Counted | null; state: CaseState; streamId: string; version: number; position: number; at: string };

const applyCases = async (events: Parameters<Projection['apply']>[0], client: PoolClient, schema: string): Promise<void> => {
  const parsed = events.flatMap((e) => {
    const p = parseCaseEvent(e);
    return p ? [{ ...p, envelope: e }] : [];
  });
  if (parsed.length === 0) return;
  const loaded = await loadByCase<Loaded>(
    client,
    `SELECT guild_id, case_number, action, status, hidden, state FROM ${schema}.cases
      WHERE (guild_id, case_number) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
    parsed,
  );
  const work = new Map<string, Working>();
  for (const { guildId, caseNumber, event, envelope } of parsed) {
    const key = caseKey({ guildId, caseNumber });
    let w = work.get(key);
    if (!w) {
      const row = loaded.get(key);
      w = {
        guildId,
        caseNumber,
        before: row ? { action: row.action, status: row.status, hidden: row.hidden } : null,
        state: row ? storedCaseState(row.state) : initialCaseState(),
        streamId: envelope.streamId,
        version: 0,
        position: 0,
        at: envelope.occurredAt,
      };
      work.set(key, w);
    }
    w.state = evolveCase(w.state, event);
    w.streamId = envelope.streamId;
    w.version = envelope.version;
    w.position = envelope.position;
    w.at = envelope.occurredAt;
  }
  const rows: Record<string, unknown>[] = [];
  const deltas = new Map<string, { guild_id: string; action: string; status: string; hidden: boolean; n: number }>();
  const count = (guildId: string, c: Counted, by: number) => {
    const k = [guildId, c.action, c.status, c.hidden].join('\u001f');
    const d = deltas.get(k) ?? { guild_id: guildId, action: c.action, status: c.status, hidden: c.hidden, n: 0 };
    d.n += by;
    deltas.set(k, d);
  };
  for (const w of work.values()) {
    // Events before CaseOpened cannot be stored (every case command checks), so nothing to show.
    if (w.state.status !== 'opened') continue;
    const summary = caseSummary(w.state);
    rows.push({
      ...summary,
      guild_id: w.guildId,
      stream_id: w.streamId,
      updated_at: w.at,
      version: w.version,
      last_position: w.position,
      state: w.state,
    });
    if (w.before) count(w.guildId, w.before, -1);
    count(w.guildId, summary, +1);
  }
  await insertRows(client, `${schema}.cases`, CASE_COLUMNS, rows, upsertOn(['guild_id', 'case_number'], CASE_COLUMNS));
  const changed = [...deltas.values()].filter((d) => d.n !== 0);
  if (changed.length === 0) return;
  await insertRows(
    client,
    `${schema}.case_counts`,
    COUNT_COLUMNS,
    changed,
    'ON CONFLICT (guild_id, action, status, hidden) DO UPDATE SET n = case_counts.n + EXCLUDED.n',
  );
  await client.query(`DELETE FROM ${schema}.case_counts WHERE n = 0 AND guild_id = ANY($1::text[])`, [
    [...new Set(changed.map((d) => d.guild_id))],
  ]);
};

export const casesProjection: Projection = {
  name: 'cases',
  migrations: [CASES_MIGRATION_V1, CASES_MIGRATION_V2, CASES_MIGRATION_V3],
  eventTypes: CASE_EVENT_TYPES,
  apply: (events, { client, schema }) => applyCases(events, client, schema),
};
