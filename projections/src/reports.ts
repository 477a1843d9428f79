import type { Projection, ProjectionContext } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { evolveReport, initialReportState, parseModerationEvent, reportEvents, type ReportEvent, type ReportState } from '@guildhall/moderation';

export const REPORTS = 'reports';

/**
 * Read model `reports`: one row per report (a reporter's report of one message or member), its
 * state folded by the aggregate's own evolve (`state`: the latest filing and its resolution),
 * with the columns the queue filters and sorts by. Names and the excerpt are personal data: a
 * forget-me rebuild reads them as erased.
 */
export const REPORTS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.reports (
  guild_id text NOT NULL,
  report_id text NOT NULL,
  status text NOT NULL,
  target_id text NOT NULL,
  reporter_id text NOT NULL,
  filed_at timestamptz NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (guild_id, report_id)
);
CREATE INDEX reports_by_status ON ${s}.reports (guild_id, status, filed_at DESC, report_id);
CREATE INDEX reports_by_target ON ${s}.reports (guild_id, target_id, filed_at DESC);
`;

const isReportEvent = (e: ReturnType<typeof parseModerationEvent>): e is ReportEvent => e !== undefined && Object.hasOwn(reportEvents, e.type);

const load = async (ctx: ProjectionContext, guildId: string, reportId: string): Promise<ReportState> => {
  const { rows } = await ctx.client.query<{ state: ReportState }>(`SELECT state FROM ${ctx.schema}.reports WHERE guild_id = $1 AND report_id = $2`, [guildId, reportId]);
  return rows[0]?.state ?? initialReportState();
};

export const reportsProjection: Projection = {
  name: REPORTS,
  migrations: [REPORTS_MIGRATION_V1],
  eventTypes: Object.keys(reportEvents),
  apply: async (events: readonly EventEnvelope[], ctx) => {
    // Fold the batch per report in order, then write each report once.
    const touched = new Map<string, { guildId: string; state: ReportState }>();
    for (const e of events) {
      const event = parseModerationEvent(e);
      if (!isReportEvent(event)) continue;
      const key = `${e.guildId}/${event.data.reportId}`;
      const current = touched.get(key) ?? { guildId: e.guildId, state: await load(ctx, e.guildId, event.data.reportId) };
      touched.set(key, { guildId: e.guildId, state: evolveReport(current.state, event) });
    }
    for (const { guildId, state } of touched.values()) {
      const f = state.filing;
      if (f === null) continue;
      await ctx.client.query(
        `INSERT INTO ${ctx.schema}.reports (guild_id, report_id, status, target_id, reporter_id, filed_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (guild_id, report_id) DO UPDATE SET status = EXCLUDED.status, filed_at = EXCLUDED.filed_at, state = EXCLUDED.state`,
        [guildId, f.reportId, state.status, f.target.id, f.reporter.id, f.filedAt, JSON.stringify(state)],
      );
    }
  },
};
