import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import { z } from 'zod';
import type { BulkActionRequested } from './events.js';
import { causedBy } from '../process-envelopes.js';

/**
 * The fan-out of a bulk request (pure, for the process manager): one member command per target,
 * each carrying the bulk id, all sharing the request's correlation id. Each becomes its own
 * case through the usual member record → case number → case path.
 */
export const bulkMemberCommands = (
  event: EventEnvelope,
  data: BulkActionRequested['data'],
  now: string,
): CommandEnvelope[] =>
  data.targets.map((target) => {
    const base = { target, reason: data.reason, bulkId: data.bulkId };
    const key = `bulk-member-${target.id}`;
    switch (data.action) {
      case 'ban':
        return causedBy(event, 'BanMember', { ...base, durationSeconds: data.durationSeconds, deleteMessageSeconds: data.deleteMessageSeconds ?? 0 }, now, key);
      case 'kick':
        return causedBy(event, 'KickMember', base, now, key);
      case 'timeout':
        // The bulk request's schema guarantees a timeout's duration.
        return causedBy(event, 'TimeoutMember', { ...base, durationSeconds: data.durationSeconds ?? 0 }, now, key);
      default: {
        const unknown: never = data.action;
        return unknown;
      }
    }
  });

const BulkMemberPayloadSchema = z.object({ bulkId: z.string().min(1), target: z.object({ id: z.string().min(1) }) });

/**
 * When the bus rejects one member's command (e.g. ALREADY_BANNED), the process manager records
 * that as the member's outcome. Undefined for a command that is not part of a bulk request.
 */
export const bulkRejectionOutcome = (
  rejected: CommandEnvelope,
  rejection: Readonly<{ code: string; message: string }>,
  now: string,
): CommandEnvelope | undefined => {
  const parsed = BulkMemberPayloadSchema.safeParse(rejected.payload);
  if (!parsed.success) return undefined;
  const { bulkId, target } = parsed.data;
  return causedBy(
    rejected,
    'RecordBulkMemberOutcome',
    { bulkId, userId: target.id, outcome: 'rejected', code: rejection.code, reason: rejection.message.slice(0, 1000) || rejection.code },
    now,
    `bulk-rejected-${target.id}`,
  );
};
