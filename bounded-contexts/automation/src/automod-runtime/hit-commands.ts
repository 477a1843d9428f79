import { deterministicId, type Actor, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import type { RuleHit } from '../automod-rule/evaluate.js';
import type { RuleDefinition } from '../automod-rule/rule-schema.js';
import { AUTOMATION_CONTEXT } from '../context.js';

/** A command a hit leads to and the context that handles it. */
export type HitCommand = Readonly<{ context: string; command: CommandEnvelope }>;

/** Cases and messages an automod rule causes name the rule as their actor. */
export const ruleActor = (ruleId: string, name: string): Actor => ({ kind: 'automation', id: `automod-rule:${ruleId}`, name: `Automod: ${name}`.slice(0, 100) });

const MODERATION: Readonly<Record<'warn' | 'timeout' | 'kick' | 'ban', string>> = { warn: 'WarnMember', timeout: 'TimeoutMember', kick: 'KickMember', ban: 'BanMember' };

/**
 * What one hit does, as commands with ids derived from the event and the rule (a redelivered
 * event sends the same, deduplicated commands): the hit itself into the rule's log (whose event
 * the bot turns into the delete), then, unless the rule is a dry run, a moderation command per
 * sanction (each opens a case whose moderator is the rule) and the staff-channel alert.
 */
export const commandsForHit = (hit: RuleHit & { definition: RuleDefinition }, cause: EventEnvelope, now: string): HitCommand[] => {
  const d = hit.definition;
  const o = hit.observation;
  const actor = ruleActor(hit.ruleId, d.name);
  const id = (what: string) => deterministicId('automod', cause.id, hit.ruleId, what);
  const envelope = (type: string, what: string, payload: unknown): CommandEnvelope => ({
    id: id(what),
    type,
    issuedAt: now,
    guildId: cause.guildId,
    actor,
    source: 'automod',
    correlationId: cause.correlationId,
    causationId: cause.id,
    payload,
  });
  const subject =
    o.kind === 'message'
      ? { kind: 'message' as const, messageId: o.messageId, channelId: o.channelId, authorId: o.authorId, authorName: o.authorName.slice(0, 100), content: o.content }
      : { kind: 'join' as const, userId: o.userId, userName: o.userName.slice(0, 100) };
  const out: HitCommand[] = [
    {
      context: AUTOMATION_CONTEXT,
      command: envelope('RecordAutomodHit', 'hit', {
        ruleId: hit.ruleId,
        ruleName: d.name,
        revision: hit.revision,
        dryRun: d.dryRun,
        reason: hit.reason.slice(0, 500),
        at: o.kind === 'message' ? o.createdAt : o.joinedAt,
        subject,
        actions: d.actions,
      }),
    },
  ];
  if (d.dryRun) return out;
  const userId = o.kind === 'message' ? o.authorId : o.userId;
  const userName = o.kind === 'message' ? o.authorName : o.userName;
  const reason = `Automod rule “${d.name}”: ${hit.reason}`.slice(0, 500);
  for (const a of d.actions) {
    switch (a.kind) {
      case 'delete':
        break;
      case 'warn':
      case 'kick':
        out.push({ context: 'moderation', command: envelope(MODERATION[a.kind], a.kind, { target: { id: userId, name: userName.slice(0, 100) }, reason }) });
        break;
      case 'timeout':
        out.push({ context: 'moderation', command: envelope('TimeoutMember', 'timeout', { target: { id: userId, name: userName.slice(0, 100) }, reason, durationSeconds: a.durationSeconds }) });
        break;
      case 'ban':
        out.push({ context: 'moderation', command: envelope('BanMember', 'ban', { target: { id: userId, name: userName.slice(0, 100) }, reason, deleteMessageSeconds: a.deleteMessageSeconds }) });
        break;
      case 'alert': {
        const where = o.kind === 'message' ? ` in <#${o.channelId}>` : '';
        const what = d.actions.filter((x) => x.kind !== 'alert').map((x) => x.kind).join(', ') || 'alert only';
        out.push({
          context: 'messaging',
          command: envelope('SendMessage', 'alert', {
            channelId: a.channelId,
            content: `🛡️ Automod “${d.name}” fired on <@${userId}>${where}: ${hit.reason} (${what})`.slice(0, 2000),
            allowedMentions: { everyone: false, roles: false, users: false },
          }),
        });
        break;
      }
      default: {
        const unknown: never = a;
        return unknown;
      }
    }
  }
  return out;
};
