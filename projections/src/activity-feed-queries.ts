import { z } from 'zod';
import { ACTIVITY_KINDS, type ActivityKind } from './activity-feed.js';
import { num, readModel, type Db } from './db.js';
import { envelopeOfRow, type EnvelopeDbRow } from './envelope-columns.js';
import {
  decodeCursor,
  encodeCursor,
  GuildIdSchema,
  InstantInputSchema,
  LimitSchema,
  pageOf,
  parseQuery,
  SnowflakeSchema,
  type Page,
} from './query-input.js';
import { positionWithin, SqlParams } from './sql.js';

export const ActivityKindSchema = z.enum(ACTIVITY_KINDS);

export const ActivityFilterSchema = z
  .object({
    guildId: GuildIdSchema,
    kind: z.union([ActivityKindSchema, z.array(ActivityKindSchema).min(1).max(ACTIVITY_KINDS.length)]).optional(),
    userId: SnowflakeSchema.optional(),
    channelId: SnowflakeSchema.optional(),
    from: InstantInputSchema.optional(),
    to: InstantInputSchema.optional(),
    limit: LimitSchema,
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();
export type ActivityFilter = z.input<typeof ActivityFilterSchema>;

export type ActivityItem = Readonly<{
  kind: ActivityKind;
  position: number;
  idx: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: Readonly<{ kind: string; id: string; name: string }>;
  source: string;
  correlationId: string;
  user: Readonly<{ id: string; name: string | null }> | null;
  channelId: string | null;
  messageId: string | null;
  caseNumber: number | null;
  summary: string;
  details: Readonly<Record<string, unknown>>;
}>;

type Row = EnvelopeDbRow & {
  kind: ActivityKind;
  idx: number;
  user_id: string | null;
  user_name: string | null;
  channel_id: string | null;
  message_id: string | null;
  case_number: number | null;
  summary: string;
  details: Record<string, unknown>;
};

const toItem = (r: Row): ActivityItem => ({
  ...envelopeOfRow(r),
  kind: r.kind,
  idx: r.idx,
  user: r.user_id === null ? null : { id: r.user_id, name: r.user_name },
  channelId: r.channel_id,
  messageId: r.message_id,
  caseNumber: r.case_number,
  summary: r.summary,
  details: r.details,
});

/** A guild's activity, newest first, optionally of some kinds, one member or one channel; keyset-paginated. */
export const listActivity = async (db: Db, input: ActivityFilter): Promise<Page<ActivityItem>> => {
  const f = parseQuery('listActivity', ActivityFilterSchema, input);
  const p = new SqlParams();
  const table = `${readModel('activity_feed')}.activity`;
  const guild = p.add(f.guildId);
  const where = [`guild_id = ${guild}`, ...positionWithin(p, table, guild, f.from, f.to)];
  if (f.kind) {
    const kinds = Array.isArray(f.kind) ? f.kind : [f.kind];
    // One kind keeps the (guild_id, kind, position) index order; several are merged by the planner.
    where.push(kinds.length === 1 ? `kind = ${p.add(kinds[0])}` : `kind = ANY(${p.add(kinds)}::text[])`);
  }
  if (f.userId) where.push(`user_id = ${p.add(f.userId)}`);
  if (f.channelId) where.push(`channel_id = ${p.add(f.channelId)}`);
  if (f.cursor) {
    const [position, idx] = decodeCursor('listActivity', 'desc', f.cursor, z.tuple([z.number().int(), z.number().int()]));
    where.push(`(position, idx) < (${p.add(position)}, ${p.add(idx)})`);
  }
  const { rows } = await db.query<Row>(
    `SELECT kind, position, idx, event_id, type, occurred_at, actor_kind, actor_id, actor_name, source, correlation_id, user_id,
            user_name, channel_id, message_id, case_number, summary, details
       FROM ${table} WHERE ${where.join(' AND ')}
      ORDER BY position DESC, idx DESC LIMIT ${p.add(f.limit + 1)}`,
    p.values,
  );
  return pageOf(rows, f.limit, toItem, (r) => encodeCursor('listActivity', 'desc', [num(r.position), r.idx]));
};
