import type { ReportState } from '@guildhall/moderation';
import { z } from 'zod';
import { readModel, type Db } from './db.js';
import { decodeCursor, encodeCursor, GuildIdSchema, LimitSchema, pageOf, parseQuery, SnowflakeSchema, type Page } from './query-input.js';

export const ReportStatusSchema = z.enum(['open', 'resolved']);

/** A report as the queue shows it: its latest filing and, once closed, how. */
export type ReportView = Readonly<{
  reportId: string;
  status: 'open' | 'resolved';
  filing: NonNullable<ReportState['filing']>;
  resolution: ReportState['resolution'];
}>;

export const ListReportsInputSchema = z
  .object({
    guildId: GuildIdSchema,
    /** Default: the queue, the open reports. */
    status: ReportStatusSchema.default('open'),
    /** Only reports about this member. */
    memberId: SnowflakeSchema.optional(),
    limit: LimitSchema,
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

const CursorKey = z.tuple([z.string(), z.string()]);

/** The guild's reports in one status, newest filing first, keyset-paginated. */
export const listReports = async (db: Db, input: z.input<typeof ListReportsInputSchema>): Promise<Page<ReportView>> => {
  const f = parseQuery('listReports', ListReportsInputSchema, input);
  const after = f.cursor === undefined ? null : decodeCursor('listReports', 'desc', f.cursor, CursorKey);
  const { rows } = await db.query<{ report_id: string; filed: string; state: ReportState }>(
    `SELECT report_id, to_char(filed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS filed, state FROM ${readModel('reports')}.reports
      WHERE guild_id = $1 AND status = $2 AND ($3::text IS NULL OR target_id = $3)
        AND ($4::text IS NULL OR (filed_at, report_id) < ($4::timestamptz, $5::text))
      ORDER BY filed_at DESC, report_id DESC LIMIT $6`,
    [f.guildId, f.status, f.memberId ?? null, after ? `${after[0]}Z` : null, after?.[1] ?? null, f.limit + 1],
  );
  return pageOf(
    rows,
    f.limit,
    (r): ReportView => ({ reportId: r.report_id, status: r.state.status === 'resolved' ? 'resolved' : 'open', filing: r.state.filing!, resolution: r.state.resolution }),
    (r) => encodeCursor('listReports', 'desc', [r.filed, r.report_id]),
  );
};

/** One report, or null. */
export const getReport = async (db: Db, guildId: string, reportId: string): Promise<ReportView | null> => {
  const { rows } = await db.query<{ state: ReportState }>(`SELECT state FROM ${readModel('reports')}.reports WHERE guild_id = $1 AND report_id = $2`, [guildId, reportId]);
  const s = rows[0]?.state;
  return s?.filing ? { reportId, status: s.status === 'resolved' ? 'resolved' : 'open', filing: s.filing, resolution: s.resolution } : null;
};
