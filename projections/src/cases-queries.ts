import { ActorSchema } from '@guildhall/kernel';
import { ModerationActionSchema, type CaseState } from '@guildhall/moderation';
import { z } from 'zod';
import { storedCaseState } from './case-events.js';
import { CaseStatusSchema } from './case-summary.js';
import { iso, isoOf, num, readModel, type Db } from './db.js';
import {
  decodeCursor,
  encodeCursor,
  GuildIdSchema,
  InstantInputSchema,
  LimitSchema,
  OrderSchema,
  pageOf,
  parseQuery,
  SnowflakeSchema,
  type Page,
} from './query-input.js';
import { likeLiteral, SqlParams } from './sql.js';

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1).max(10)]).transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]));

export const CaseListFilterSchema = z
  .object({
    guildId: GuildIdSchema,
    type: oneOrMany(ModerationActionSchema).optional(),
    status: oneOrMany(CaseStatusSchema).optional(),
    moderatorId: ActorSchema.shape.id.max(100).optional(),
    targetId: SnowflakeSchema.optional(),
    /** Opened at or after `from`, before `to`. */
    from: InstantInputSchema.optional(),
    to: InstantInputSchema.optional(),
    /** Case-insensitive substring of the reason or a note. */
    text: z.string().trim().min(3, 'search text needs at least 3 characters').max(200).optional(),
    includeHidden: z.boolean().default(false),
    order: OrderSchema,
    limit: LimitSchema,
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from < f.to, { path: ['to'], message: 'must be after from' });
export type CaseListFilter = z.input<typeof CaseListFilterSchema>;

export type CaseRow = Readonly<{
  guildId: string;
  caseNumber: number;
  type: z.output<typeof ModerationActionSchema>;
  status: z.output<typeof CaseStatusSchema>;
  outcome: string;
  origin: string;
  target: Readonly<{ id: string; name: string | null }>;
  moderator: Readonly<{ kind: string; id: string; name: string }>;
  reason: string | null;
  noteCount: number;
  evidenceCount: number;
  hidden: boolean;
  bulkId: string | null;
  durationSeconds: number | null;
  expiresAt: string | null;
  expiryStatus: string | null;
  endedHow: string | null;
  endedAt: string | null;
  requestedAt: string;
  openedAt: string;
  updatedAt: string;
  version: number;
}>;

type CaseDbRow = {
  guild_id: string;
  case_number: number;
  action: string;
  status: string;
  outcome: string;
  origin: string;
  target_id: string;
  target_name: string | null;
  moderator_kind: string;
  moderator_id: string;
  moderator_name: string;
  reason: string | null;
  note_count: number;
  evidence_count: number;
  hidden: boolean;
  bulk_id: string | null;
  duration_seconds: number | null;
  expires_at: Date | null;
  expiry_status: string | null;
  ended_how: string | null;
  ended_at: Date | null;
  requested_at: Date;
  opened_at: Date;
  updated_at: Date;
  version: string;
};

const LIST_COLUMNS = `guild_id, case_number, action, status, outcome, origin, target_id, target_name, moderator_kind, moderator_id,
  moderator_name, reason, note_count, evidence_count, hidden, bulk_id, duration_seconds, expires_at, expiry_status, ended_how,
  ended_at, requested_at, opened_at, updated_at, version`;

const toCaseRow = (r: CaseDbRow): CaseRow => ({
  guildId: r.guild_id,
  caseNumber: r.case_number,
  type: ModerationActionSchema.parse(r.action),
  status: CaseStatusSchema.parse(r.status),
  outcome: r.outcome,
  origin: r.origin,
  target: { id: r.target_id, name: r.target_name },
  moderator: { kind: r.moderator_kind, id: r.moderator_id, name: r.moderator_name },
  reason: r.reason,
  noteCount: r.note_count,
  evidenceCount: r.evidence_count,
  hidden: r.hidden,
  bulkId: r.bulk_id,
  durationSeconds: r.duration_seconds,
  expiresAt: iso(r.expires_at),
  expiryStatus: r.expiry_status,
  endedHow: r.ended_how,
  endedAt: iso(r.ended_at),
  requestedAt: isoOf(r.requested_at),
  openedAt: isoOf(r.opened_at),
  updatedAt: isoOf(r.updated_at),
  version: num(r.version),
});

/** `= $n` for one value (keeps the index's case_number order), `= ANY($n)` for several. */
const oneOf = (p: SqlParams, column: string, values: readonly string[]): string =>
  values.length === 1 ? `${column} = ${p.add(values[0])}` : `${column} = ANY(${p.add(values)}::text[])`;

/**
 * Cases of a guild, newest first by default (by opening time, then case number), filtered;
 * keyset-paginated (pass `nextCursor` back as `cursor`).
 */
export const listCases = async (db: Db, input: CaseListFilter): Promise<Page<CaseRow>> => {
  const f = parseQuery('listCases', CaseListFilterSchema, input);
  const p = new SqlParams();
  const where = [`guild_id = ${p.add(f.guildId)}`];
  if (f.type) where.push(oneOf(p, 'action', f.type));
  if (f.status) where.push(oneOf(p, 'status', f.status));
  if (f.moderatorId) where.push(`moderator_id = ${p.add(f.moderatorId)}`);
  if (f.targetId) where.push(`target_id = ${p.add(f.targetId)}`);
  if (f.from) where.push(`opened_at >= ${p.add(f.from)}`);
  if (f.to) where.push(`opened_at < ${p.add(f.to)}`);
  if (f.text) where.push(`search_text ILIKE ${p.add(`%${likeLiteral(f.text)}%`)}`);
  if (!f.includeHidden) where.push('NOT hidden');
  if (f.cursor) {
    const [openedAt, caseNumber] = decodeCursor('listCases', f.order, f.cursor, z.tuple([z.iso.datetime(), z.number().int()]));
    where.push(`(opened_at, case_number) ${f.order === 'desc' ? '<' : '>'} (${p.add(openedAt)}, ${p.add(caseNumber)})`);
  }
  const sql = `SELECT ${LIST_COLUMNS} FROM ${readModel('cases')}.cases WHERE ${where.join(' AND ')}
    ORDER BY opened_at ${f.order}, case_number ${f.order} LIMIT ${p.add(f.limit + 1)}`;
  const { rows } = await db.query<CaseDbRow>(sql, p.values);
  return pageOf(rows, f.limit, toCaseRow, (r) => encodeCursor('listCases', f.order, [r.opened_at.toISOString(), r.case_number]));
};

export const CaseRefSchema = z.object({ guildId: GuildIdSchema, caseNumber: z.number().int().positive() }).strict();
export type CaseRef = z.input<typeof CaseRefSchema>;

export type CaseDetail = CaseRow & Readonly<{ state: CaseState }>;

/** One case with its full replayed state (notes, evidence, Discord actions, reason history); null when unknown. */
export const getCase = async (db: Db, input: CaseRef): Promise<CaseDetail | null> => {
  const { guildId, caseNumber } = parseQuery('getCase', CaseRefSchema, input);
  const { rows } = await db.query<CaseDbRow & { state: unknown }>(
    `SELECT ${LIST_COLUMNS}, state FROM ${readModel('cases')}.cases WHERE guild_id = $1 AND case_number = $2`,
    [guildId, caseNumber],
  );
  const r = rows[0];
  return r ? { ...toCaseRow(r), state: storedCaseState(r.state) } : null;
};

export const CaseCountsInputSchema = z.object({ guildId: GuildIdSchema, includeHidden: z.boolean().default(false) }).strict();

export type CaseCounts = Readonly<{
  total: number;
  byType: Readonly<Partial<Record<z.output<typeof ModerationActionSchema>, number>>>;
  byStatus: Readonly<Partial<Record<z.output<typeof CaseStatusSchema>, number>>>;
  /** type → status → n, for "3 active bans" style summaries. */
  byTypeAndStatus: Readonly<Partial<Record<string, Readonly<Partial<Record<string, number>>>>>>;
}>;

/** Counts per type and status of a guild's cases, from the counters the projection keeps. */
export const countCases = async (db: Db, input: z.input<typeof CaseCountsInputSchema>): Promise<CaseCounts> => {
  const { guildId, includeHidden } = parseQuery('countCases', CaseCountsInputSchema, input);
  const { rows } = await db.query<{ action: string; status: string; n: string }>(
    `SELECT action, status, sum(n) AS n FROM ${readModel('cases')}.case_counts
      WHERE guild_id = $1 AND ($2 OR NOT hidden) GROUP BY action, status ORDER BY action, status`,
    [guildId, includeHidden],
  );
  const byType: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const byTypeAndStatus: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const r of rows) {
    const n = num(r.n);
    total += n;
    byType[r.action] = (byType[r.action] ?? 0) + n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + n;
    (byTypeAndStatus[r.action] ??= {})[r.status] = n;
  }
  return { total, byType, byStatus, byTypeAndStatus };
};
