import type { OpenedApproval } from '@guildhall/moderation';
import { z } from 'zod';
import { readModel, type Db } from './db.js';
import { GuildIdSchema, parseQuery } from './query-input.js';

export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'denied', 'expired', 'executed']);

export const ListApprovalsInputSchema = z
  .object({
    guildId: GuildIdSchema,
    /** Default: the queue, the requests still waiting. */
    status: z.array(ApprovalStatusSchema).min(1).max(5).default(['pending']),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The guild's four-eyes requests in the given states, newest first. */
export const listApprovals = async (db: Db, input: z.input<typeof ListApprovalsInputSchema>): Promise<readonly OpenedApproval[]> => {
  const f = parseQuery('listApprovals', ListApprovalsInputSchema, input);
  const { rows } = await db.query<{ state: OpenedApproval }>(
    `SELECT state FROM ${readModel('approvals')}.approvals WHERE guild_id = $1 AND status = ANY($2::text[]) ORDER BY requested_at DESC, approval_id LIMIT $3`,
    [f.guildId, f.status, f.limit],
  );
  return rows.map((r) => r.state);
};

/** One request, or null. */
export const getApproval = async (db: Db, guildId: string, approvalId: string): Promise<OpenedApproval | null> => {
  const { rows } = await db.query<{ state: OpenedApproval }>(`SELECT state FROM ${readModel('approvals')}.approvals WHERE guild_id = $1 AND approval_id = $2`, [guildId, approvalId]);
  return rows[0]?.state ?? null;
};
