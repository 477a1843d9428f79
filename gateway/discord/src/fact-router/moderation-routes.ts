import { AuditLogEvent } from 'discord.js';
import type { DiscordFact, FactPayload } from '../facts/index.js';
import { commandFromFact, discordActor, displayName, type FactRoute, type RoutedCommand } from './fact-route.js';

type AuditEntry = FactPayload<'audit-log-entry'>;
type Observed = { action: 'ban' | 'unban' | 'kick' | 'timeout' | 'untimeout'; timeoutUntil: string | null };

/** A timeout is a member update setting communication_disabled_until; clearing it lifts the timeout. */
const timeoutChange = (entry: AuditEntry): Observed | null => {
  const change = entry.changes.find((c) => c.key === 'communication_disabled_until');
  if (!change) return null;
  const until = typeof change.new === 'string' && !Number.isNaN(Date.parse(change.new)) ? new Date(change.new).toISOString() : null;
  return until ? { action: 'timeout', timeoutUntil: until } : { action: 'untimeout', timeoutUntil: null };
};

const observedAction = (entry: AuditEntry): Observed | null => {
  switch (entry.actionType) {
    case AuditLogEvent.MemberBanAdd:
      return { action: 'ban', timeoutUntil: null };
    case AuditLogEvent.MemberBanRemove:
      return { action: 'unban', timeoutUntil: null };
    case AuditLogEvent.MemberKick:
      return { action: 'kick', timeoutUntil: null };
    case AuditLogEvent.MemberUpdate:
      return timeoutChange(entry);
    default:
      return null;
  }
};

/**
 * A moderation action seen in the audit log goes to moderation as RecordDiscordAuditAction,
 * attributed to the human (or bot) who did it. The decider links it to the existing case when
 * the reason starts with "Case #N" or the executor is our bot, and opens a case otherwise.
 */
export const moderationRoutes: FactRoute = (fact: DiscordFact): readonly RoutedCommand[] => {
  if (fact.type !== 'audit-log-entry') return [];
  const entry = fact.payload;
  const observed = observedAction(entry);
  if (!observed || !entry.executor || !entry.targetId || !/^\d{1,20}$/.test(entry.targetId)) return [];
  const target = { id: entry.targetId, name: displayName(entry.targetUser)?.slice(0, 100) ?? null };
  const executor = { id: entry.executor.id, name: displayName(entry.executor)?.slice(0, 100) ?? null };
  const payload = {
    auditLogEntryId: entry.entryId,
    action: observed.action,
    target,
    executor,
    executorIsBot: entry.executorIsSelf,
    reason: entry.reason ? entry.reason.slice(0, 512) : null,
    timeoutUntil: observed.timeoutUntil,
  };
  return [commandFromFact(fact, 'moderation', 'RecordDiscordAuditAction', payload, discordActor(entry.executor))];
};
