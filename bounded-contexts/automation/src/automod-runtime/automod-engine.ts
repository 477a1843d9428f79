import { parseCommunityEvent } from '@guildhall/community';
import type { EventEnvelope } from '@guildhall/kernel';
import { compileRule, observeAndEvaluate, type CompiledRule, type RuleHit } from '../automod-rule/evaluate.js';
import { automodRuleEvents } from '../automod-rule/events.js';
import { GuildWindow } from '../automod-rule/guild-window.js';
import type { Observation } from '../automod-rule/observation.js';
import { parseAutomodRuleEvent } from '../automod-rule/routing.js';
import type { RuleDefinition } from '../automod-rule/rule-schema.js';

export type LiveRule = Readonly<{ compiled: CompiledRule; enabled: boolean }>;

/** What an event meant to automod: the rules that fired on it (with their definitions as of then). */
export type EngineOutcome = Readonly<{ guildId: string; hits: readonly (RuleHit & { definition: RuleDefinition })[] }>;

const RULE_TYPES: ReadonlySet<string> = new Set(Object.keys(automodRuleEvents));
const EMPTY: EngineOutcome = { guildId: '', hits: [] };

/**
 * The live automod state, in memory per guild: each rule as of its last event, each guild's
 * window of recent messages and joins, each member's roles (for exemptions). Fed every stored
 * event in store order; `evaluate: false` only rebuilds (a replay of history at start).
 */
export class AutomodEngine {
  private readonly rules = new Map<string, Map<string, LiveRule>>();
  private readonly windows = new Map<string, GuildWindow>();
  private readonly roles = new Map<string, readonly string[]>();

  apply(e: EventEnvelope, evaluate: boolean): EngineOutcome {
    if (RULE_TYPES.has(e.type)) {
      this.applyRule(e);
      return EMPTY;
    }
    const event = parseCommunityEvent(e);
    if (!event) return EMPTY;
    let observation: Observation | null = null;
    switch (event.type) {
      case 'MessagePosted': {
        const d = event.data;
        observation = {
          kind: 'message',
          messageId: d.messageId,
          channelId: d.channelId,
          authorId: d.author.id,
          authorName: d.author.globalName ?? d.author.username,
          authorBot: d.author.bot,
          authorRoleIds: this.roles.get(`${e.guildId}:${d.author.id}`) ?? [],
          content: d.content,
          createdAt: d.createdAt,
          mentionedUserIds: d.mentionedUserIds,
          mentionedRoleIds: d.mentionedRoleIds,
          mentionsEveryone: d.mentionsEveryone,
        };
        break;
      }
      case 'MemberJoined': {
        const d = event.data;
        this.roles.set(`${e.guildId}:${d.user.id}`, d.roles);
        observation = { kind: 'join', userId: d.user.id, userName: d.user.globalName ?? d.user.username, joinedAt: d.joinedAt, roleIds: d.roles };
        break;
      }
      case 'MemberRolesChanged':
        this.roles.set(`${e.guildId}:${event.data.user.id}`, event.data.after);
        return EMPTY;
      default:
        return EMPTY;
    }
    const window = this.windowOf(e.guildId);
    if (!evaluate) {
      window.observe(observation);
      return EMPTY;
    }
    const live = [...(this.rules.get(e.guildId)?.values() ?? [])].filter((r) => r.enabled);
    const hits = observeAndEvaluate(
      live.map((r) => r.compiled),
      observation,
      window,
    );
    return { guildId: e.guildId, hits: hits.map((h) => ({ ...h, definition: live.find((r) => r.compiled.ruleId === h.ruleId)!.compiled.definition })) };
  }

  rulesOf(guildId: string): readonly LiveRule[] {
    return [...(this.rules.get(guildId)?.values() ?? [])];
  }

  private windowOf(guildId: string): GuildWindow {
    let w = this.windows.get(guildId);
    if (!w) this.windows.set(guildId, (w = new GuildWindow()));
    return w;
  }

  private applyRule(e: EventEnvelope): void {
    const event = parseAutomodRuleEvent(e);
    if (!event) return;
    const byId = this.rules.get(e.guildId) ?? new Map<string, LiveRule>();
    this.rules.set(e.guildId, byId);
    const current = byId.get(event.data.ruleId);
    switch (event.type) {
      case 'AutomodRuleCreated':
        byId.set(event.data.ruleId, { compiled: compileRule(event.data.ruleId, 1, event.data.definition), enabled: false });
        return;
      case 'AutomodRuleUpdated':
        byId.set(event.data.ruleId, { compiled: compileRule(event.data.ruleId, event.data.revision, event.data.definition), enabled: current?.enabled ?? false });
        return;
      case 'AutomodRuleEnabled':
      case 'AutomodRuleDisabled':
        if (current) byId.set(event.data.ruleId, { ...current, enabled: event.type === 'AutomodRuleEnabled' });
        return;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
}
