import type { OpenedCase, MemberRecordState } from '@guildhall/moderation';
import type { CommandResult } from '@guildhall/eventing';
import type { PurgeOutcome } from './purge-outcome.js';
import type { ModerationOutcome as RequestOutcome } from '@guildhall/moderation';
import type { TargetUser } from './moderation-requests.js';

const who = (u: TargetUser): string => `**${u.name}** (<@${u.id}>)`;
const ts = (iso: string, style: 'f' | 'R' = 'f'): string => `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;

/** The ephemeral answer to a sanction command, from the bus's decision and the request's outcome. */
export const sanctionReply = (verb: string, target: TargetUser, result: CommandResult, outcome: RequestOutcome | null): string => {
  switch (result.status) {
    case 'rejected':
      return `❌ Not done: ${result.message} (${result.code}).`;
    case 'failed':
      return `❌ Guildhall could not process the request (${result.reason}). Nothing was changed; try again.`;
    case 'pending':
      return `⏳ Request received; Guildhall is still processing it (request \`${result.commandId}\`). \`/history\` will show the case.`;
    case 'accepted':
      break;
  }
  if (!outcome || outcome.status === 'pending') {
    return `⏳ ${verb} ${who(target)}: the case is being opened and Discord has not confirmed yet. \`/history\` will show it.`;
  }
  if (outcome.status === 'applied') return `✅ ${verb} ${who(target)} — case #${outcome.caseNumber}.`;
  return `⚠️ Case #${outcome.caseNumber} is recorded, but Discord did not carry it out: ${outcome.reason}${outcome.discordErrorCode ? ` (Discord error ${outcome.discordErrorCode})` : ''}.`;
};

/** The answer when four-eyes holds the request: it waits for a second moderator (dashboard's Pending approvals, or the staff channel's buttons). */
export const awaitingApprovalReply = (label: string, target: TargetUser, approvalId: string): string =>
  `⏳ Waiting for a second moderator: ${label} ${who(target)} is held as request \`${approvalId}\`. Another moderator approves or denies it (Pending approvals in the dashboard, or the buttons in the staff channel).`;

/** The ephemeral answer to /purge: how many messages Discord deleted, or why it did not. */
export const purgeReply = (channelId: string, result: CommandResult, outcome: PurgeOutcome | null): string => {
  switch (result.status) {
    case 'rejected':
      return `❌ Not done: ${result.message} (${result.code}).`;
    case 'failed':
      return `❌ Guildhall could not process the request (${result.reason}). Nothing was deleted; try again.`;
    case 'pending':
      return `⏳ Request received; Guildhall is still processing it (request \`${result.commandId}\`).`;
    case 'accepted':
      break;
  }
  if (!outcome || outcome.status === 'pending') return `⏳ The purge of <#${channelId}> is requested; Discord has not confirmed yet.`;
  if (outcome.status === 'purged') {
    const skipped = outcome.skippedCount ? ` ${outcome.skippedCount} older than 14 days left (Discord does not bulk-delete those).` : '';
    return `✅ Deleted ${outcome.deletedCount} message${outcome.deletedCount === 1 ? '' : 's'} in <#${channelId}>.${skipped}`;
  }
  return `⚠️ Discord did not purge <#${channelId}>: ${outcome.reason}${outcome.discordErrorCode ? ` (Discord error ${outcome.discordErrorCode})` : ''}.`;
};

const statusOf = (c: OpenedCase): string => {
  if (c.ended?.how === 'lifted') return `lifted ${ts(c.ended.at, 'R')}${c.ended.byCaseNumber ? ` by case #${c.ended.byCaseNumber}` : ''}`;
  if (c.ended?.how === 'expired') return `expired ${ts(c.ended.at, 'R')}`;
  switch (c.outcome) {
    case 'pending':
      return 'waiting for Discord';
    case 'failed': {
      const failure = c.discordActions.find((a) => a.purpose === 'sanction')?.failure;
      return `Discord refused${failure ? `: ${failure.reason}` : ''}`;
    }
    case 'done':
      return c.expiry?.status === 'scheduled' ? `in force until ${ts(c.expiry.dueAt)}` : 'done';
    case 'recorded':
      return 'recorded';
  }
};

export const caseReply = (c: OpenedCase): string => {
  if (c.hidden) return `Case #${c.caseNumber} is hidden (${c.hidden.reason}).`;
  const lines = [
    `**Case #${c.caseNumber}** — ${c.action} of <@${c.target.id}>${c.target.name ? ` (${c.target.name})` : ''}`,
    `By ${c.moderator.name} ${ts(c.openedAt, 'R')}${c.origin === 'discord' ? ' (directly in Discord)' : ''}`,
    `Reason: ${c.reason ?? '—'}`,
    `Status: ${statusOf(c)}`,
  ];
  if (c.notes.length) lines.push(`Notes: ${c.notes.length}, latest: ${c.notes.at(-1)?.text ?? ''}`);
  if (c.evidence.length) lines.push(`Evidence: ${c.evidence.map((e) => e.url).join(', ')}`);
  return lines.join('\n').slice(0, 1900);
};

export const historyReply = (target: TargetUser, record: MemberRecordState, cases: readonly OpenedCase[]): string => {
  const header = [`**History of ${target.name}** (<@${target.id}>)`];
  if (record.ban) header.push(record.ban.status === 'active' ? '🔨 banned' : '🔨 ban being applied');
  if (record.timeout) header.push(record.timeout.expiresAt ? `🔇 timed out until ${ts(record.timeout.expiresAt)}` : '🔇 timed out');
  if (cases.length === 0) return [...header, 'No cases.'].join('\n');
  const lines = cases
    .filter((c) => !c.hidden)
    .map((c) => `#${c.caseNumber} ${c.action} — ${c.reason ?? 'no reason'} — ${c.moderator.name}, ${ts(c.openedAt, 'R')}`);
  const more = record.caseNumbers.length > cases.length ? `…and ${record.caseNumbers.length - cases.length} older` : '';
  return [...header, `${record.caseNumbers.length} case(s):`, ...lines, more].filter(Boolean).join('\n').slice(0, 1900);
};
