import type { EventStore } from '@guildhall/eventing';
import { automodHitEvents, parseAutomodHitEvent } from '@guildhall/automation';
import type { EventEnvelope } from '@guildhall/kernel';
import { outcomeEnvelope, type ActionPlan, type ActionSource } from '../action-plan.js';

const HIT_TYPES: ReadonlySet<string> = new Set(Object.keys(automodHitEvents));

/** The delete of a hit is settled once the rule-day's log records its outcome. */
const settled = async (store: EventStore, event: EventEnvelope, messageId: string): Promise<boolean> => {
  const { events } = await store.readStream(event.streamId);
  return events.some((e) => (e.type === 'AutomodMessageDeleted' || e.type === 'AutomodMessageDeleteFailed') && (e.payload as { messageId?: unknown }).messageId === messageId);
};

/**
 * Automod asks for a delete with AutomodRuleHit (a message rule whose actions include delete,
 * not in dry-run); the outcome goes back as RecordAutomodDeleteOutcome. The audit-log reason names the rule.
 */
export const automationActions: ActionSource = {
  context: 'automation',
  plan: (event, store): ActionPlan | null => {
    if (!HIT_TYPES.has(event.type)) return null;
    const parsed = parseAutomodHitEvent(event);
    if (parsed?.type !== 'AutomodRuleHit') return null;
    const d = parsed.data;
    if (d.dryRun || d.subject.kind !== 'message' || !d.actions.some((a) => a.kind === 'delete')) return null;
    const s = d.subject;
    const outcome = (deleted: boolean, reason: string | null, now: string) =>
      outcomeEnvelope(event, 'RecordAutomodDeleteOutcome', { ruleId: d.ruleId, at: d.at, messageId: s.messageId, deleted, reason }, now);
    return {
      request: {
        kind: 'delete-message',
        id: event.id,
        guildId: event.guildId,
        requestedAt: event.occurredAt,
        auditLogReason: `Automod: ${d.ruleName} — ${d.reason}`.slice(0, 512),
        channelId: s.channelId,
        messageId: s.messageId,
      },
      context: 'automation',
      isSettled: () => settled(store, event, s.messageId),
      succeeded: (_result, now) => outcome(true, null, now),
      failed: (f, now) => outcome(false, f.reason.slice(0, 1000), now),
    };
  },
};
