import type { Decider } from '@guildhall/kernel';
import type { BulkActionCommand } from './commands.js';
import type { BulkActionEvent, BulkActionRequested } from './events.js';
import { evolveBulkAction, initialBulkActionState, type BulkActionState } from './state.js';
import { ModerationErrorCodes as E, reject } from '../moderation-errors.js';
import type { UserRef } from '../moderation-schemas.js';

/** One request, many members: the same target listed twice is acted on once. */
export const requestBulkAction = (c: Extract<BulkActionCommand, { type: 'RequestBulkAction' }>, s: BulkActionState): BulkActionEvent[] => {
  if (s.status !== 'none') return [];
  const seen = new Set<string>();
  const targets = c.data.targets.filter((t) => !seen.has(t.id) && seen.add(t.id));
  return [
    {
      type: 'BulkActionRequested',
      data: {
        bulkId: c.meta.commandId,
        action: c.data.action,
        targets,
        reason: c.data.reason,
        durationSeconds: c.data.durationSeconds,
        deleteMessageSeconds: c.data.action === 'ban' ? c.data.deleteMessageSeconds : null,
        moderator: c.meta.actor,
        requestedAt: c.meta.now,
      },
    },
  ];
};

/** Each member's outcome is recorded once; the last one completes the request. */
export const recordBulkMemberOutcome = (
  c: Extract<BulkActionCommand, { type: 'RecordBulkMemberOutcome' }>,
  s: BulkActionState,
): BulkActionEvent[] => {
  if (s.status === 'none') return reject(E.BULK_NOT_FOUND, `no bulk request ${c.data.bulkId}`);
  const target = s.targets.find((t) => t.id === c.data.userId);
  if (!target) return reject(E.BULK_TARGET_NOT_FOUND, `${c.data.userId} is not a target of bulk request ${s.bulkId}`);
  if (Object.hasOwn(s.outcomes, target.id)) return [];
  const { bulkId } = s;
  const at = c.meta.now;
  const d = c.data;
  const event: BulkActionEvent =
    d.outcome === 'applied'
      ? { type: 'BulkMemberSucceeded', data: { bulkId, target, caseNumber: d.caseNumber, at } }
      : d.outcome === 'failed'
        ? {
            type: 'BulkMemberFailed',
            data: { bulkId, target, stage: 'discord', caseNumber: d.caseNumber, code: null, discordErrorCode: d.discordErrorCode, reason: d.reason, at },
          }
        : {
            type: 'BulkMemberFailed',
            data: { bulkId, target, stage: 'rejected', caseNumber: null, code: d.code, discordErrorCode: null, reason: d.reason, at },
          };
  const results = [...Object.values(s.outcomes).map((o) => o.result), event.type === 'BulkMemberSucceeded' ? 'succeeded' : 'failed'];
  if (results.length < s.targets.length) return [event];
  const succeeded = results.filter((r) => r === 'succeeded').length;
  return [event, { type: 'BulkActionCompleted', data: { bulkId, succeeded, failed: results.length - succeeded, completedAt: at } }];
};

export const decideBulkAction = (command: BulkActionCommand, state: BulkActionState): BulkActionEvent[] => {
  switch (command.type) {
    case 'RequestBulkAction':
      return requestBulkAction(command, state);
    case 'RecordBulkMemberOutcome':
      return recordBulkMemberOutcome(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const bulkActionDecider: Decider<BulkActionState, BulkActionCommand, BulkActionEvent> = {
  decide: decideBulkAction,
  evolve: evolveBulkAction,
  initialState: initialBulkActionState,
};
