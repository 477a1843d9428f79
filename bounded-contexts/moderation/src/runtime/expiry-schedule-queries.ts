import { liveSchema } from '@guildhall/eventing';
import type { Pool, PoolClient } from 'pg';
import { EXPIRY_SCHEDULE } from './expiry-schedule-projection.js';

type Db = Pick<Pool | PoolClient, 'query'>;

export type ScheduledExpiry = Readonly<{
  guildId: string;
  caseNumber: number;
  action: 'ban' | 'timeout';
  targetId: string;
  dueAt: string;
  scheduledEventId: string;
  correlationId: string;
}>;

type Row = {
  guild_id: string;
  case_number: number;
  action: string;
  target_id: string;
  due_at: Date;
  scheduled_event_id: string;
  correlation_id: string;
};

const table = `"${liveSchema(EXPIRY_SCHEDULE)}".expiries`;
const COLUMNS = 'guild_id, case_number, action, target_id, due_at, scheduled_event_id, correlation_id';

const toExpiry = (r: Row): ScheduledExpiry => ({
  guildId: r.guild_id,
  caseNumber: r.case_number,
  // Only the projection writes this column, from a zod-checked ExpiryScheduled.
  action: r.action === 'ban' ? 'ban' : 'timeout',
  targetId: r.target_id,
  dueAt: r.due_at.toISOString(),
  scheduledEventId: r.scheduled_event_id,
  correlationId: r.correlation_id,
});

/** Expiries due at `now` (oldest first), at most `limit`. */
export const dueExpiries = async (db: Db, now: Date, limit: number): Promise<ScheduledExpiry[]> => {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM ${table} WHERE due_at <= $1 ORDER BY due_at, guild_id, case_number LIMIT $2`, [
    now,
    limit,
  ]);
  return rows.map(toExpiry);
};

/** Every expiry still to fire in a guild, soonest first (operators, tests). */
export const scheduledExpiries = async (db: Db, guildId: string): Promise<ScheduledExpiry[]> => {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM ${table} WHERE guild_id = $1 ORDER BY due_at, case_number`, [guildId]);
  return rows.map(toExpiry);
};

export type ScheduledApprovalExpiry = Readonly<{ guildId: string; approvalId: string; dueAt: string; requestedEventId: string; correlationId: string }>;

type ApprovalRow = { guild_id: string; approval_id: string; due_at: Date; requested_event_id: string; correlation_id: string };

const approvals = `"${liveSchema(EXPIRY_SCHEDULE)}".approvals`;

const toApprovalExpiry = (r: ApprovalRow): ScheduledApprovalExpiry => ({
  guildId: r.guild_id,
  approvalId: r.approval_id,
  dueAt: r.due_at.toISOString(),
  requestedEventId: r.requested_event_id,
  correlationId: r.correlation_id,
});

/** Four-eyes requests that lapse at `now` and are still undecided (oldest first), at most `limit`. */
export const dueApprovalExpiries = async (db: Db, now: Date, limit: number): Promise<ScheduledApprovalExpiry[]> => {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT guild_id, approval_id, due_at, requested_event_id, correlation_id FROM ${approvals} WHERE due_at <= $1 ORDER BY due_at, guild_id, approval_id LIMIT $2`,
    [now, limit],
  );
  return rows.map(toApprovalExpiry);
};
