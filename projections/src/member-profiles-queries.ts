import type { MemberRecordState } from '@guildhall/moderation';
import { z } from 'zod';
import { listCases, type CaseRow } from './cases-queries.js';
import { iso, isoOf, num, readModel, type Db } from './db.js';
import { envelopeOfRow, type EnvelopeDbRow } from './envelope-columns.js';
import {
  decodeCursor,
  encodeCursor,
  GuildIdSchema,
  LimitSchema,
  pageOf,
  parseQuery,
  SnowflakeSchema,
  type Page,
} from './query-input.js';
import { SqlParams } from './sql.js';

export const HistoryKindSchema = z.enum(['joined', 'left', 'roles_changed', 'nickname_changed', 'name_changed']);
export type HistoryKind = z.output<typeof HistoryKindSchema>;

export type MemberSummary = Readonly<{
  guildId: string;
  userId: string;
  username: string | null;
  globalName: string | null;
  nickname: string | null;
  /** What to show: nickname, else global name, else username, else the name moderation knew. */
  displayName: string;
  bot: boolean | null;
  presence: 'unknown' | 'present' | 'left';
  roles: readonly string[] | null;
  firstJoinedAt: string | null;
  joinedAt: string | null;
  leftAt: string | null;
  joinCount: number;
  leaveCount: number;
  ban: Readonly<{ status: string; caseNumber: number | null; expiresAt: string | null }> | null;
  timeout: Readonly<{ status: string; caseNumber: number | null; expiresAt: string | null }> | null;
  caseCount: number;
  /** The member's moderation record, replayed with the moderation context's evolveMemberRecord. */
  moderation: MemberRecordState;
  firstSeenAt: string;
  updatedAt: string;
}>;

export type HistoryEntry = Readonly<{
  kind: HistoryKind;
  position: number;
  idx: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: Readonly<{ kind: string; id: string; name: string }>;
  source: string;
  correlationId: string;
  details: Readonly<Record<string, unknown>>;
}>;

type MemberDbRow = {
  guild_id: string;
  user_id: string;
  username: string | null;
  global_name: string | null;
  bot: boolean | null;
  nickname: string | null;
  moderation_name: string | null;
  presence: MemberSummary['presence'];
  roles: string[] | null;
  first_joined_at: Date | null;
  joined_at: Date | null;
  left_at: Date | null;
  join_count: number;
  leave_count: number;
  ban_status: string | null;
  ban_case_number: number | null;
  ban_expires_at: Date | null;
  timeout_status: string | null;
  timeout_case_number: number | null;
  timeout_expires_at: Date | null;
  case_count: number;
  moderation: unknown;
  first_seen_at: Date;
  updated_at: Date;
};

const toSummary = (r: MemberDbRow): MemberSummary => ({
  guildId: r.guild_id,
  userId: r.user_id,
  username: r.username,
  globalName: r.global_name,
  nickname: r.nickname,
  displayName: r.nickname ?? r.global_name ?? r.username ?? r.moderation_name ?? r.user_id,
  bot: r.bot,
  presence: r.presence,
  roles: r.roles,
  firstJoinedAt: iso(r.first_joined_at),
  joinedAt: iso(r.joined_at),
  leftAt: iso(r.left_at),
  joinCount: r.join_count,
  leaveCount: r.leave_count,
  ban: r.ban_status === null ? null : { status: r.ban_status, caseNumber: r.ban_case_number, expiresAt: iso(r.ban_expires_at) },
  timeout:
    r.timeout_status === null ? null : { status: r.timeout_status, caseNumber: r.timeout_case_number, expiresAt: iso(r.timeout_expires_at) },
  caseCount: r.case_count,
  // Written by this read model from evolveMemberRecord: plain JSON by the domain's design.
  moderation: r.moderation as MemberRecordState,
  firstSeenAt: isoOf(r.first_seen_at),
  updatedAt: isoOf(r.updated_at),
});

type HistoryDbRow = EnvelopeDbRow & {
  kind: HistoryKind;
  idx: number;
  details: Record<string, unknown>;
};

const toHistory = (r: HistoryDbRow): HistoryEntry => ({
  ...envelopeOfRow(r),
  kind: r.kind,
  idx: r.idx,
  details: r.details,
});

export const MemberHistoryFilterSchema = z
  .object({
    guildId: GuildIdSchema,
    userId: SnowflakeSchema,
    kind: z.union([HistoryKindSchema, z.array(HistoryKindSchema).min(1)]).optional(),
    limit: LimitSchema,
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

/** A member's joins, leaves, name and role changes, newest first, keyset-paginated. */
export const listMemberHistory = async (db: Db, input: z.input<typeof MemberHistoryFilterSchema>): Promise<Page<HistoryEntry>> => {
  const f = parseQuery('listMemberHistory', MemberHistoryFilterSchema, input);
  const p = new SqlParams();
  const where = [`guild_id = ${p.add(f.guildId)}`, `user_id = ${p.add(f.userId)}`];
  if (f.kind) where.push(`kind = ANY(${p.add(Array.isArray(f.kind) ? f.kind : [f.kind])}::text[])`);
  if (f.cursor) {
    const [position, idx, kind] = decodeCursor('listMemberHistory', 'desc', f.cursor, z.tuple([z.number().int(), z.number().int(), z.string()]));
    where.push(`(position, idx, kind) < (${p.add(position)}, ${p.add(idx)}, ${p.add(kind)})`);
  }
  const { rows } = await db.query<HistoryDbRow>(
    `SELECT kind, position, idx, event_id, type, occurred_at, actor_kind, actor_id, actor_name, source, correlation_id, details
       FROM ${readModel('member_profiles')}.member_history WHERE ${where.join(' AND ')}
      ORDER BY position DESC, idx DESC, kind DESC LIMIT ${p.add(f.limit + 1)}`,
    p.values,
  );
  return pageOf(rows, f.limit, toHistory, (r) => encodeCursor('listMemberHistory', 'desc', [num(r.position), r.idx, r.kind]));
};

export const MemberProfileInputSchema = z
  .object({
    guildId: GuildIdSchema,
    userId: SnowflakeSchema,
    historyLimit: LimitSchema,
    casesLimit: LimitSchema,
    includeHiddenCases: z.boolean().default(false),
  })
  .strict();

export type MemberProfile = Readonly<{
  /** null when the guild has no record of this member at all. */
  member: MemberSummary | null;
  history: Page<HistoryEntry>;
  /** Their cases, newest first, from the `cases` read model (page on with listCases and the cursor). */
  cases: Page<CaseRow>;
}>;

/** Everything the dashboard shows about one member: who, joins/leaves, names, roles, moderation, cases. */
export const getMemberProfile = async (db: Db, input: z.input<typeof MemberProfileInputSchema>): Promise<MemberProfile> => {
  const f = parseQuery('getMemberProfile', MemberProfileInputSchema, input);
  const { rows } = await db.query<MemberDbRow>(`SELECT * FROM ${readModel('member_profiles')}.members WHERE guild_id = $1 AND user_id = $2`, [
    f.guildId,
    f.userId,
  ]);
  const [history, cases] = await Promise.all([
    listMemberHistory(db, { guildId: f.guildId, userId: f.userId, limit: f.historyLimit }),
    listCases(db, { guildId: f.guildId, targetId: f.userId, limit: f.casesLimit, includeHidden: f.includeHiddenCases }),
  ]);
  return { member: rows[0] ? toSummary(rows[0]) : null, history, cases };
};
