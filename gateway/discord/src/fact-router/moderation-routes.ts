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

const userRef = (u: Parameters<typeof displayName>[0] & { id: string }) => ({ id: u.id, name: displayName(u)?.slice(0, 100) || null });

/** A moderation entry of the audit log as moderation reads it (null: not a member sanction, or no executor/target). */
const auditAction = (entry: AuditEntry) => {
  const observed = observedAction(entry);
  if (!observed || !entry.executor || !entry.targetId || !/^\d{1,20}$/.test(entry.targetId)) return null;
  return {
    auditLogEntryId: entry.entryId,
    action: observed.action,
    target: { id: entry.targetId, name: displayName(entry.targetUser)?.slice(0, 100) ?? null },
    executor: userRef(entry.executor),
    executorIsBot: entry.executorIsSelf,
    reason: entry.reason ? entry.reason.slice(0, 512) : null,
    timeoutUntil: observed.timeoutUntil,
  };
};

/**
 * A moderation action seen in the audit log goes to moderation as RecordDiscordAuditAction,
 * attributed to the human (or bot) who did it. The decider links it to the existing case when
 * the reason starts with "Case #N" or the executor is our bot, and opens a case otherwise.
 * A sanctions snapshot (after downtime) goes as ReconcileDiscordSanctions: moderation compares
 * it with whom it believes banned or timed out.
 */
export const moderationRoutes: FactRoute = (fact: DiscordFact): readonly RoutedCommand[] => {
  if (fact.type === 'sanctions-snapshot') {
    const p = fact.payload;
    const payload = {
      snapshotId: p.snapshotId,
      bans: p.bans.map((b) => ({ user: userRef(b.user), reason: b.reason ? b.reason.slice(0, 512) : null })),
      timeoutsKnown: p.timeoutsKnown,
      timeouts: p.timeouts.map((t) => ({ user: userRef(t.user), until: t.until })),
      audit: p.audit.flatMap((e) => {
        const a = auditAction(e);
        if (!a) return [];
        const { timeoutUntil: _until, ...evidence } = a;
        return [evidence];
      }),
    };
    return [commandFromFact(fact, 'moderation', 'ReconcileDiscordSanctions', payload)];
  }
  if (fact.type !== 'audit-log-entry') return [];
  const payload = auditAction(fact.payload);
  if (!payload || !fact.payload.executor) return [];
  return [commandFromFact(fact, 'moderation', 'RecordDiscordAuditAction', payload, discordActor(fact.payload.executor))];
};
