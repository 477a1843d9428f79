import { z } from 'zod';
import { readModel, type Db } from './db.js';
import { decodeCursor, encodeCursor, GuildIdSchema, InstantInputSchema, pageOf, parseQuery, SnowflakeSchema, type Page } from './query-input.js';
import { likeLiteral, SqlParams } from './sql.js';

const T = `${readModel('member_profiles')}.members`;
const NAME = `lower(coalesce(username, '') || ' ' || coalesce(global_name, '') || ' ' || coalesce(nickname, ''))`;

export type MemberMatch = Readonly<{ userId: string; username: string | null; globalName: string | null; nickname: string | null; displayName: string; presence: string }>;
type MatchRow = { user_id: string; username: string | null; global_name: string | null; nickname: string | null; moderation_name: string | null; presence: string };
const matchOf = (r: MatchRow): MemberMatch => ({
  userId: r.user_id,
  username: r.username,
  globalName: r.global_name,
  nickname: r.nickname,
  displayName: r.nickname ?? r.global_name ?? r.username ?? r.moderation_name ?? r.user_id,
  presence: r.presence,
});

export const MemberSearchSchema = z.object({ guildId: GuildIdSchema, q: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(10) }).strict();

/**
 * Members for a picker: an id prefix (digits), or names containing the text (username, global
 * name, nickname; trigram index), members in the guild first, then the closest names.
 */
export const searchMembers = async (db: Db, input: z.input<typeof MemberSearchSchema>): Promise<MemberMatch[]> => {
  const q = parseQuery('searchMembers', MemberSearchSchema, input);
  const text = q.q.toLowerCase();
  const p = new SqlParams();
  const guild = p.add(q.guildId);
  const like = p.add(likeLiteral(text));
  const byId = /^\d+$/.test(text) ? `user_id LIKE ${like} || '%' OR ` : '';
  const { rows } = await db.query<MatchRow>(
    `SELECT user_id, username, global_name, nickname, moderation_name, presence FROM ${T}
     WHERE guild_id = ${guild} AND (${byId}${NAME} LIKE '%' || ${like} || '%')
     ORDER BY (presence = 'present') DESC, similarity(${NAME}, ${p.add(text)}) DESC, user_id LIMIT ${p.add(q.limit)}`,
    p.values,
  );
  return rows.map(matchOf);
};

export const MemberListSchema = z
  .object({
    guildId: GuildIdSchema,
    /** Name, nickname or username containing the text, or an id starting with its digits (as the picker). */
    q: z.string().trim().min(1).max(100).optional(),
    joinedFrom: InstantInputSchema.optional(),
    joinedTo: InstantInputSchema.optional(),
    roleId: SnowflakeSchema.optional(),
    hasCases: z.boolean().optional(),
    status: z.enum(['banned', 'timed_out', 'present', 'left']).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

export type MemberListRow = MemberMatch & Readonly<{ joinedAt: string | null; caseCount: number; roles: readonly string[] | null }>;

/** The member list with filters (text, joined between, has role, has cases, banned / timed out / present / left), by user id. */
export const listMembers = async (db: Db, input: z.input<typeof MemberListSchema>): Promise<Page<MemberListRow>> => {
  const q = parseQuery('listMembers', MemberListSchema, input);
  const p = new SqlParams();
  const where = [`guild_id = ${p.add(q.guildId)}`];
  if (q.q) {
    const text = q.q.toLowerCase();
    const like = p.add(likeLiteral(text));
    where.push(`(${/^\d+$/.test(text) ? `user_id LIKE ${like} || '%' OR ` : ''}${NAME} LIKE '%' || ${like} || '%')`);
  }
  if (q.joinedFrom) where.push(`joined_at >= ${p.add(q.joinedFrom)}`);
  if (q.joinedTo) where.push(`joined_at < ${p.add(q.joinedTo)}`);
  if (q.roleId) where.push(`${p.add(q.roleId)} = ANY(roles)`);
  if (q.hasCases !== undefined) where.push(q.hasCases ? 'case_count > 0' : 'case_count = 0');
  if (q.status === 'banned') where.push(`ban_status = 'active'`);
  if (q.status === 'timed_out') where.push(`timeout_status = 'active'`);
  if (q.status === 'present' || q.status === 'left') where.push(`presence = ${p.add(q.status)}`);
  if (q.cursor) {
    const [after] = decodeCursor('listMembers', 'asc', q.cursor, z.tuple([z.string()]));
    where.push(`user_id > ${p.add(after)}`);
  }
  const { rows } = await db.query<MatchRow & { joined_at: Date | null; case_count: number; roles: string[] | null }>(
    `SELECT user_id, username, global_name, nickname, moderation_name, presence, joined_at, case_count, roles FROM ${T} WHERE ${where.join(' AND ')} ORDER BY user_id LIMIT ${p.add(q.limit + 1)}`,
    p.values,
  );
  return pageOf(rows, q.limit, (r) => ({ ...matchOf(r), joinedAt: r.joined_at?.toISOString() ?? null, caseCount: r.case_count, roles: r.roles }), (r) => encodeCursor('listMembers', 'asc', [r.user_id]));
};
