import { hostOf, inviteCodeOf, linksIn } from '@guildhall/community';
import { RE2JS } from 're2js';
import type { GuildWindow } from './guild-window.js';
import { normalizedText } from './guild-window.js';
import { observedAt, type JoinObservation, type MessageObservation, type Observation } from './observation.js';
import type { RuleDefinition, AutomodTrigger } from './rule-schema.js';

/** A rule with its patterns compiled once (RE2: linear-time matching). */
export type CompiledRule = Readonly<{
  ruleId: string;
  revision: number;
  definition: RuleDefinition;
  /** Each with the group that holds what it matched (1 for the word list, whose pattern also matches the boundaries). */
  matchers: readonly Readonly<{ re: RE2JS; group: number }>[];
}>;

/** Why a rule fired, in words a moderator reads ("3 invite links: discord.gg/spam"). */
export type RuleHit = Readonly<{ ruleId: string; revision: number; reason: string; observation: Observation }>;

const wordsPattern = (words: readonly string[]): string | null =>
  words.length === 0 ? null : `(?:^|[^\\p{L}\\p{N}_])(${words.map((w) => RE2JS.quote(w)).join('|')})(?:$|[^\\p{L}\\p{N}_])`;

export const compileRule = (ruleId: string, revision: number, definition: RuleDefinition): CompiledRule => {
  const t = definition.trigger;
  const words = t.kind === 'words' ? wordsPattern(t.words) : null;
  const patterns = t.kind === 'words' ? t.patterns : [];
  const compile = (p: string, group: number) => ({ re: RE2JS.compile(p, RE2JS.CASE_INSENSITIVE), group });
  return { ruleId, revision, definition, matchers: [...(words ? [compile(words, 1)] : []), ...patterns.map((p) => compile(p, 0))] };
};

const excerpt = (s: string, max = 80): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const isExempt = (d: RuleDefinition, o: Observation): boolean => {
  if (o.kind === 'join') return o.roleIds.some((r) => d.exemptRoleIds.includes(r));
  return o.authorBot || d.exemptChannelIds.includes(o.channelId) || o.authorRoleIds.some((r) => d.exemptRoleIds.includes(r));
};

const hostMatches = (host: string, listed: string): boolean => host === listed || host.endsWith(`.${listed}`);

type MessageTrigger = Exclude<AutomodTrigger, { kind: 'raid' }>;

/** Why a message breaks a message trigger, or null. Reads the window (the message itself already observed). */
const messageReason = (rule: CompiledRule, t: MessageTrigger, m: MessageObservation, window: GuildWindow): string | null => {
  const at = Date.parse(m.createdAt);
  switch (t.kind) {
    case 'message-rate': {
      const n = window.messagesOf(m.authorId, at - t.perSeconds * 1000 + 1).length;
      return n > t.maxMessages ? `${n} messages in ${t.perSeconds} s (limit ${t.maxMessages})` : null;
    }
    case 'duplicates': {
      const text = normalizedText(m.content);
      if (!text) return null;
      const n = window.messagesOf(m.authorId, at - t.perSeconds * 1000 + 1).filter((p) => p.text === text).length;
      return n > t.maxDuplicates ? `the same message ${n} times in ${t.perSeconds} s (limit ${t.maxDuplicates})` : null;
    }
    case 'mention-spam': {
      const n = new Set(m.mentionedUserIds).size + new Set(m.mentionedRoleIds).size + (m.mentionsEveryone ? 1 : 0);
      return n > t.maxMentions ? `${n} mentions (limit ${t.maxMentions})` : null;
    }
    case 'invite-links': {
      const invites = linksIn(m.content).filter((l) => {
        const code = inviteCodeOf(l);
        return code !== null && !t.allowedCodes.includes(code);
      });
      return invites.length ? `invite link${invites.length > 1 ? 's' : ''}: ${invites.join(', ')}` : null;
    }
    case 'links': {
      const bad = linksIn(m.content).filter((l) => {
        const host = hostOf(l);
        if (!host) return false;
        const listed = t.hosts.some((h) => hostMatches(host, h));
        return t.mode === 'deny' ? listed : !listed;
      });
      return bad.length ? `${t.mode === 'deny' ? 'denied' : 'unapproved'} link${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}` : null;
    }
    case 'words': {
      if (!m.content) return null;
      for (const { re, group } of rule.matchers) {
        const found = re.matcher(m.content);
        if (found.find()) return `matched “${excerpt((found.group(group) ?? '').trim(), 40)}”`;
      }
      return null;
    }
    case 'caps': {
      if (!m.content) return null;
      let letters = 0;
      let caps = 0;
      for (const ch of m.content) {
        const upper = ch.toUpperCase();
        if (upper === ch.toLowerCase()) continue;
        letters++;
        if (ch === upper) caps++;
      }
      if (letters < t.minLength) return null;
      const ratio = caps / letters;
      return ratio > t.maxRatio ? `${Math.round(ratio * 100)} % capitals (limit ${Math.round(t.maxRatio * 100)} %)` : null;
    }
    default: {
      const unknown: never = t;
      return unknown;
    }
  }
};

const joinReason = (t: Extract<AutomodTrigger, { kind: 'raid' }>, j: JoinObservation, window: GuildWindow): string | null => {
  const at = Date.parse(j.joinedAt);
  const maxAgeMs = t.maxAccountAgeDays === null ? null : t.maxAccountAgeDays * 86_400_000;
  const counted = window.joinsSince(at - t.perSeconds * 1000 + 1).filter((x) => maxAgeMs === null || x.at - x.accountCreatedAt < maxAgeMs);
  if (!counted.some((x) => x.userId === j.userId)) return null;
  return counted.length > t.joins
    ? `${counted.length} ${maxAgeMs === null ? '' : `accounts younger than ${t.maxAccountAgeDays} days `}joined in ${t.perSeconds} s (limit ${t.joins})`
    : null;
};

/**
 * Whether one rule fires on one observation: a pure function of the rule, the observation and
 * the window (which must already hold the observation). Exempt roles and channels never fire.
 */
export const evaluateRule = (rule: CompiledRule, o: Observation, window: GuildWindow): RuleHit | null => {
  const d = rule.definition;
  if (isExempt(d, o)) return null;
  const t = d.trigger;
  let reason: string | null = null;
  if (o.kind === 'join') reason = t.kind === 'raid' ? joinReason(t, o, window) : null;
  else reason = t.kind === 'raid' ? null : messageReason(rule, t, o, window);
  return reason === null ? null : { ruleId: rule.ruleId, revision: rule.revision, reason, observation: o };
};

/** Observes then evaluates every rule: what the live reactor and a backtest do for each message or join. */
export const observeAndEvaluate = (rules: readonly CompiledRule[], o: Observation, window: GuildWindow): RuleHit[] => {
  window.observe(o);
  const hits: RuleHit[] = [];
  for (const r of rules) {
    const hit = evaluateRule(r, o, window);
    if (hit) hits.push(hit);
  }
  return hits;
};

export { observedAt };
