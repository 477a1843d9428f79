import type { Projection, ProjectionContext } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import {
  approvalRequestEvents,
  evolveApprovalRequest,
  initialApprovalRequestState,
  parseModerationEvent,
  type ApprovalRequestEvent,
  type ApprovalRequestState,
} from '@guildhall/moderation';

export const APPROVALS = 'approvals';

/**
 * Read model `approvals`: one row per four-eyes request, its state folded by the aggregate's own
 * evolve (`state`, what the dashboard shows), with the columns the queue filters and sorts by.
 */
export const APPROVALS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.approvals (
  guild_id text NOT NULL,
  approval_id text NOT NULL,
  status text NOT NULL,
  act text NOT NULL,
  requested_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (guild_id, approval_id)
);
CREATE INDEX approvals_by_status ON ${s}.approvals (guild_id, status, requested_at DESC);
`;

const isApprovalEvent = (e: ReturnType<typeof parseModerationEvent>): e is ApprovalRequestEvent => e !== undefined && Object.hasOwn(approvalRequestEvents, e.type);

const load = async (ctx: ProjectionContext, guildId: string, approvalId: string): Promise<ApprovalRequestState> => {
  const { rows } = await ctx.client.query<{ state: ApprovalRequestState }>(`SELECT state FROM ${ctx.schema}.approvals WHERE guild_id = $1 AND approval_id = $2`, [guildId, approvalId]);
  return rows[0]?.state ?? initialApprovalRequestState();
};

export const approvalsProjection: Projection = {
  name: APPROVALS,
  migrations: [APPROVALS_MIGRATION_V1],
  eventTypes: Object.keys(approvalRequestEvents),
  apply: async (events: readonly EventEnvelope[], ctx) => {
    // Fold the batch per request in order, then write each request once.
    const touched = new Map<string, { guildId: string; state: ApprovalRequestState }>();
    for (const e of events) {
      const event = parseModerationEvent(e);
      if (!isApprovalEvent(event)) continue;
      const key = `${e.guildId}/${event.data.approvalId}`;
      const current = touched.get(key) ?? { guildId: e.guildId, state: await load(ctx, e.guildId, event.data.approvalId) };
      touched.set(key, { guildId: e.guildId, state: evolveApprovalRequest(current.state, event) });
    }
    for (const { guildId, state } of touched.values()) {
      if (state.status === 'none') continue;
      await ctx.client.query(
        `INSERT INTO ${ctx.schema}.approvals (guild_id, approval_id, status, act, requested_at, expires_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (guild_id, approval_id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state`,
        [guildId, state.approvalId, state.status, state.act, state.requestedAt, state.expiresAt, JSON.stringify(state)],
      );
    }
  },
};
