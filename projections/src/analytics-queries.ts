import { z } from 'zod';
import { isoOf, num, readModel, type Db } from './db.js';
import { GuildIdSchema, InstantInputSchema, parseQuery } from './query-input.js';

const s = readModel('analytics');

/** How a series is bucketed: each bucket starts at the UTC hour / day / ISO week (Monday) / month. */
export const AnalyticsRangeSchema = z.enum(['hour', 'day', 'week', 'month']);
export type AnalyticsRange = z.output<typeof AnalyticsRangeSchema>;

/** The most buckets a series answers (e.g. 31 days of hours is 744; a year of days 366). */
export const MAX_BUCKETS = 1000;
const BUCKET_HOURS: Record<AnalyticsRange, number> = { hour: 1, day: 24, week: 168, month: 744 };

export const SeriesInputSchema = z
  .object({
    guildId: GuildIdSchema,
    range: AnalyticsRangeSchema.default('day'),
    from: InstantInputSchema.optional(),
    to: InstantInputSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    if (q.from && q.to && (q.to.getTime() - q.from.getTime()) / 3_600_000 / BUCKET_HOURS[q.range] > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: `from..to holds more than ${MAX_BUCKETS} ${q.range} buckets; pick a longer range` });
    }
  });
export type SeriesInput = z.input<typeof SeriesInputSchema>;
const GuildOnlySchema = z.object({ guildId: GuildIdSchema }).strict();

/** Default window per range when from/to are not given: the last 48 hours / 30 days / 26 weeks / 12 months. */
const DEFAULT_SPAN_HOURS: Record<AnalyticsRange, number> = { hour: 48, day: 30 * 24, week: 26 * 168, month: 366 * 24 };
const windowOf = (q: z.output<typeof SeriesInputSchema>, now = new Date()): { from: Date; to: Date } => {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_SPAN_HOURS[q.range] * 3_600_000);
  return { from, to };
};

export type MemberGrowthPoint = Readonly<{ bucket: string; joins: number; leaves: number; net: number }>;
export type ModerationActionsPoint = Readonly<{ bucket: string; action: string; n: number }>;
export type ModeratorStats = Readonly<{
  moderatorId: string;
  name: string;
  kind: string;
  actions: number;
  lifted: number;
  liftedShare: number;
  share: number;
  /** Actions that answered a member's report or an automod flag, and the median seconds from that trigger to the action (null: none). */
  responses: number;
  medianResponseSeconds: number | null;
}>;
export type MessageActivityPoint = Readonly<{ bucket: string; channelId: string; n: number }>;
export type ChannelMessages = Readonly<{ channelId: string; n: number }>;
export type HeatCell = Readonly<{ weekday: number; hour: number; n: number }>;
export type Series<T> = Readonly<{ range: AnalyticsRange; from: string; to: string; points: readonly T[] }>;

/** Joins, leaves and net growth per bucket, only buckets with any movement. */
export const getMemberGrowth = async (db: Db, input: SeriesInput): Promise<Series<MemberGrowthPoint>> => {
  const q = parseQuery('getMemberGrowth', SeriesInputSchema, input);
  const { from, to } = windowOf(q);
  const r = await db.query<{ bucket: Date; joins: string; leaves: string }>(
    `SELECT date_trunc($2, hour, 'UTC') AS bucket, sum(joins) AS joins, sum(leaves) AS leaves
       FROM ${s}.member_flow WHERE guild_id = $1 AND hour >= date_trunc($2, $3::timestamptz, 'UTC') AND hour < $4
      GROUP BY 1 ORDER BY 1`,
    [q.guildId, q.range, from, to],
  );
  return {
    range: q.range,
    from: isoOf(from),
    to: isoOf(to),
    points: r.rows.map((row) => ({ bucket: isoOf(row.bucket), joins: num(row.joins), leaves: num(row.leaves), net: num(row.joins) - num(row.leaves) })),
  };
};

/** Cases opened per bucket and action. */
export const getModerationActions = async (db: Db, input: SeriesInput): Promise<Series<ModerationActionsPoint>> => {
  const q = parseQuery('getModerationActions', SeriesInputSchema, input);
  const { from, to } = windowOf(q);
  const r = await db.query<{ bucket: Date; action: string; n: string }>(
    `SELECT date_trunc($2, hour, 'UTC') AS bucket, action, sum(n) AS n
       FROM ${s}.moderation_actions WHERE guild_id = $1 AND hour >= date_trunc($2, $3::timestamptz, 'UTC') AND hour < $4
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [q.guildId, q.range, from, to],
  );
  return { range: q.range, from: isoOf(from), to: isoOf(to), points: r.rows.map((row) => ({ bucket: isoOf(row.bucket), action: row.action, n: num(row.n) })) };
};

/** Messages posted per bucket and channel, and per channel over the whole window (most first). */
export const getMessageActivity = async (db: Db, input: SeriesInput): Promise<Series<MessageActivityPoint> & Readonly<{ channels: readonly ChannelMessages[] }>> => {
  const q = parseQuery('getMessageActivity', SeriesInputSchema, input);
  const { from, to } = windowOf(q);
  const r = await db.query<{ bucket: Date; channel_id: string; n: string }>(
    `SELECT date_trunc($2, hour, 'UTC') AS bucket, channel_id, sum(n) AS n
       FROM ${s}.message_flow WHERE guild_id = $1 AND hour >= date_trunc($2, $3::timestamptz, 'UTC') AND hour < $4
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [q.guildId, q.range, from, to],
  );
  const points = r.rows.map((row) => ({ bucket: isoOf(row.bucket), channelId: row.channel_id, n: num(row.n) }));
  const per = new Map<string, number>();
  for (const p of points) per.set(p.channelId, (per.get(p.channelId) ?? 0) + p.n);
  const channels = [...per].map(([channelId, n]) => ({ channelId, n })).sort((a, b) => b.n - a.n || a.channelId.localeCompare(b.channelId));
  return { range: q.range, from: isoOf(from), to: isoOf(to), points, channels };
};

/** Per moderator: cases opened, how many were later lifted, and each one's share of all actions. */
export const getModeratorStats = async (db: Db, input: z.input<typeof GuildOnlySchema>): Promise<readonly ModeratorStats[]> => {
  const q = parseQuery('getModeratorStats', GuildOnlySchema, input);
  const r = await db.query<{ moderator_id: string; moderator_name: string; moderator_kind: string; actions: number; lifted: number; responses: number; median: number | null }>(
    `SELECT m.moderator_id, m.moderator_name, m.moderator_kind, m.actions, m.lifted, coalesce(t.n, 0)::int AS responses, t.median
       FROM ${s}.moderators m
       LEFT JOIN (SELECT moderator_id, count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median
                    FROM ${s}.response_times WHERE guild_id = $1 GROUP BY moderator_id) t ON t.moderator_id = m.moderator_id
      WHERE m.guild_id = $1 ORDER BY m.actions DESC, m.moderator_id`,
    [q.guildId],
  );
  const total = r.rows.reduce((a, row) => a + row.actions, 0);
  return r.rows.map((row) => ({
    moderatorId: row.moderator_id,
    name: row.moderator_name,
    kind: row.moderator_kind,
    actions: row.actions,
    lifted: row.lifted,
    liftedShare: row.actions ? row.lifted / row.actions : 0,
    share: total ? row.actions / total : 0,
    responses: row.responses,
    medianResponseSeconds: row.median === null ? null : Number(row.median),
  }));
};

/** Activity per UTC weekday (0 = Sunday) and hour: all 168 cells, zeros included. */
export const getActivityHeatmap = async (db: Db, input: z.input<typeof GuildOnlySchema>): Promise<readonly HeatCell[]> => {
  const q = parseQuery('getActivityHeatmap', GuildOnlySchema, input);
  const r = await db.query<{ weekday: number; hour: number; n: number }>(
    `SELECT w AS weekday, h AS hour, coalesce(a.n, 0) AS n
       FROM generate_series(0, 6) w CROSS JOIN generate_series(0, 23) h
       LEFT JOIN ${s}.activity_heat a ON a.guild_id = $1 AND a.weekday = w AND a.hour = h
      ORDER BY w, h`,
    [q.guildId],
  );
  return r.rows.map((row) => ({ weekday: row.weekday, hour: row.hour, n: row.n }));
};
