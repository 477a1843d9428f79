import { z } from 'zod';
import { iso, isoOf, readModel, type Db } from './db.js';
import { GuildIdSchema, InstantInputSchema, parseQuery } from './query-input.js';

export const GuildOverviewInputSchema = z
  .object({
    guildId: GuildIdSchema,
    /** The moment "today" and "this week" are relative to (UTC); default: now. */
    now: InstantInputSchema.optional(),
    /** How many of the next-due temporary actions to list. */
    dueLimit: z.number().int().min(0).max(50).default(5),
  })
  .strict();

export type GuildOverview = Readonly<{
  guildId: string;
  /** The last presence sample's member count plus the joins and leaves recorded since. */
  memberCount: number;
  /** Members not offline (online + idle + dnd) at the last presence sample. */
  onlineCount: number;
  presence: Readonly<{ online: number; idle: number; dnd: number; offline: number; sampledAt: string }> | null;
  /** Cases opened since 00:00 UTC today. */
  casesToday: number;
  /** Cases opened since Monday 00:00 UTC. */
  casesThisWeek: number;
  casesLast7Days: number;
  openTemporaryActions: number;
  nextDue: readonly Readonly<{ caseNumber: number; action: string; target: { id: string; name: string | null }; dueAt: string }>[];
  updatedAt: string | null;
}>;

type GuildRow = {
  sampled_member_count: number | null;
  member_delta: number;
  online: number | null;
  idle: number | null;
  dnd: number | null;
  offline: number | null;
  sampled_at: Date | null;
  updated_at: Date;
};

/** The dashboard's headline numbers for a guild (zeros for a guild with no events yet). */
export const getGuildOverview = async (db: Db, input: z.input<typeof GuildOverviewInputSchema>): Promise<GuildOverview> => {
  const f = parseQuery('getGuildOverview', GuildOverviewInputSchema, input);
  const s = readModel('guild_overview');
  const now = f.now ?? new Date();
  const [guild, days, open, due] = await Promise.all([
    db.query<GuildRow>(`SELECT * FROM ${s}.guilds WHERE guild_id = $1`, [f.guildId]),
    db.query<{ today: string; week: string; last7: string }>(
      `WITH d AS (SELECT ($2::timestamptz AT TIME ZONE 'UTC')::date AS today)
       SELECT coalesce(sum(n) FILTER (WHERE day = d.today), 0) AS today,
              coalesce(sum(n) FILTER (WHERE day >= date_trunc('week', d.today)::date), 0) AS week,
              coalesce(sum(n) FILTER (WHERE day > d.today - 7), 0) AS last7
         FROM ${s}.case_days, d WHERE guild_id = $1 AND day > d.today - 14 AND day <= d.today`,
      [f.guildId, now],
    ),
    db.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.open_temporary_actions WHERE guild_id = $1`, [f.guildId]),
    db.query<{ case_number: number; action: string; target_id: string; target_name: string | null; due_at: Date }>(
      `SELECT case_number, action, target_id, target_name, due_at FROM ${s}.open_temporary_actions
        WHERE guild_id = $1 ORDER BY due_at, case_number LIMIT $2`,
      [f.guildId, f.dueLimit],
    ),
  ]);
  const g = guild.rows[0];
  const sample = g?.sampled_at && g.online !== null ? { online: g.online, idle: g.idle ?? 0, dnd: g.dnd ?? 0, offline: g.offline ?? 0, sampledAt: isoOf(g.sampled_at) } : null;
  const d = days.rows[0];
  return {
    guildId: f.guildId,
    memberCount: g ? (g.sampled_member_count ?? 0) + g.member_delta : 0,
    onlineCount: sample ? sample.online + sample.idle + sample.dnd : 0,
    presence: sample,
    casesToday: Number(d?.today ?? 0),
    casesThisWeek: Number(d?.week ?? 0),
    casesLast7Days: Number(d?.last7 ?? 0),
    openTemporaryActions: Number(open.rows[0]?.n ?? 0),
    nextDue: due.rows.map((r) => ({ caseNumber: r.case_number, action: r.action, target: { id: r.target_id, name: r.target_name }, dueAt: isoOf(r.due_at) })),
    updatedAt: iso(g?.updated_at ?? null),
  };
};
