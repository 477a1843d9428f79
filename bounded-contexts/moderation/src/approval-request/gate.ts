import type { ModerationCommand } from '../command-routing.js';
import type { FourEyesAct } from '../four-eyes/commands.js';
import type { FourEyesState } from '../four-eyes/state.js';
import type { UserRef } from '../moderation-schemas.js';
import type { ApprovalRequestCommand } from './commands.js';

/** The command types the gate looks at (everything else runs at once). */
export const GATED_COMMAND_TYPES: ReadonlySet<string> = new Set(['BanMember', 'RequestBulkAction', 'HideCase']);

const EXECUTION_PREFIX = 'four-eyes-';

/** The id an approved command runs under: derived from the approval, so it runs once (the bus dedupes it). */
export const executionCommandId = (approvalId: string): string => `${EXECUTION_PREFIX}${approvalId}`;

/** The approval a command id runs for; null for a command nobody approved. */
export const approvalIdOfExecution = (commandId: string): string | null =>
  commandId.startsWith(EXECUTION_PREFIX) && commandId.length > EXECUTION_PREFIX.length ? commandId.slice(EXECUTION_PREFIX.length) : null;

export type Gated = Readonly<{ act: FourEyesAct; summary: Extract<ApprovalRequestCommand, { type: 'RequestApproval' }>['data']['summary'] }>;

const who = (u: UserRef): string => u.name ?? u.id;
const because = (reason: string | null): string => (reason ? ` (${reason})` : '');
const hours = (s: number | null): string => (s === null ? '' : ` for ${Math.round((s / 3600) * 10) / 10} h`);

/**
 * The four-eyes rule, pure: whether the guild's rules hold this command for a second moderator,
 * and what the request shows. A bulk ban waits when bans do (else a bulk of one would slip past);
 * a bulk member's own ban does not wait again (its bulk request was the act).
 */
export const fourEyesGate = (rules: FourEyesState, c: ModerationCommand): Gated | null => {
  const on = (act: FourEyesAct) => rules.acts.includes(act);
  switch (c.type) {
    case 'BanMember': {
      if (!on('ban') || c.data.bulkId !== null) return null;
      const d = c.data;
      return { act: 'ban', summary: { text: `Ban ${who(d.target)}${hours(d.durationSeconds)}${because(d.reason)}`, targets: [d.target], caseNumber: null } };
    }
    case 'RequestBulkAction': {
      const d = c.data;
      const big = on('bulk-action') && d.targets.length >= rules.bulkThreshold;
      if (!big && !(d.action === 'ban' && on('ban'))) return null;
      return {
        act: big ? 'bulk-action' : 'ban',
        summary: { text: `Bulk ${d.action} of ${d.targets.length} member${d.targets.length === 1 ? '' : 's'}${because(d.reason)}`, targets: d.targets, caseNumber: null },
      };
    }
    case 'HideCase':
      return on('hide-case') ? { act: 'hide-case', summary: { text: `Hide case #${c.data.caseNumber}${because(c.data.reason)}`, targets: [], caseNumber: c.data.caseNumber } } : null;
    default:
      return null;
  }
};
