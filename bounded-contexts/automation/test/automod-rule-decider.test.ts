import { DeciderSpecification, type CommandEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  automodHitsDecider,
  automodHitsSlice,
  automodRuleDecider,
  automodRuleSlice,
  RuleDefinitionSchema,
  type AutomodHitEvent,
  type AutomodRuleEvent,
  type automodHitCommands,
  type automodRuleCommands,
} from '../src/index.js';
import { ANN, GUILD } from './fixtures.js';

const NOW = '2026-03-01T12:00:00.000Z';
const env = (type: string, payload: unknown, id = 'c1'): CommandEnvelope => ({ id, type, issuedAt: NOW, guildId: GUILD, actor: ANN, source: 'web', correlationId: id, causationId: null, payload });
const rule = <T extends keyof typeof automodRuleCommands>(type: T, payload: z.input<(typeof automodRuleCommands)[T]>) => automodRuleSlice.toCommand(env(type, payload), NOW);
const hits = <T extends keyof typeof automodHitCommands>(type: T, payload: z.input<(typeof automodHitCommands)[T]>) => automodHitsSlice.toCommand(env(type, payload), NOW);

const invites = RuleDefinitionSchema.parse({ name: 'No invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }, { kind: 'warn' }] });
const by = { by: ANN, at: NOW };
const created: AutomodRuleEvent = { type: 'AutomodRuleCreated', data: { ruleId: 'r1', revision: 1, definition: invites, ...by } };
const spec = DeciderSpecification.for(automodRuleDecider);

describe('automod rule: create, update, enable, disable', () => {
  it('creates a rule as a disabled draft at revision 1', () => {
    spec.given([]).when(rule('CreateAutomodRule', { ruleId: 'r1', definition: invites })).then([created]);
  });
  it('the same create again changes nothing; another definition under the id is refused', () => {
    spec.given([created]).when(rule('CreateAutomodRule', { ruleId: 'r1', definition: invites })).then([]);
    spec.given([created]).when(rule('CreateAutomodRule', { ruleId: 'r1', definition: { ...invites, name: 'Other' } })).thenRejects('AUTOMOD_RULE_EXISTS');
  });
  it('an update is a new revision naming the fields that changed', () => {
    spec
      .given([created])
      .when(rule('UpdateAutomodRule', { ruleId: 'r1', definition: { ...invites, dryRun: true, exemptChannelIds: ['900000000000000001'] } }))
      .then([{ type: 'AutomodRuleUpdated', data: { ruleId: 'r1', revision: 2, definition: { ...invites, dryRun: true, exemptChannelIds: ['900000000000000001'] }, changed: ['exemptChannelIds', 'dryRun'], ...by } }]);
  });
  it('an update that changes nothing records nothing; one against an old revision is refused', () => {
    spec.given([created]).when(rule('UpdateAutomodRule', { ruleId: 'r1', definition: invites })).then([]);
    spec.given([created]).when(rule('UpdateAutomodRule', { ruleId: 'r1', definition: { ...invites, name: 'x' }, expectedRevision: 3 })).thenRejects('AUTOMOD_RULE_REVISION_CONFLICT');
  });
  it('enable and disable, each once', () => {
    const enabled: AutomodRuleEvent = { type: 'AutomodRuleEnabled', data: { ruleId: 'r1', revision: 1, ...by } };
    spec.given([created]).when(rule('EnableAutomodRule', { ruleId: 'r1' })).then([enabled]);
    spec.given([created, enabled]).when(rule('EnableAutomodRule', { ruleId: 'r1' })).then([]);
    spec.given([created, enabled]).when(rule('DisableAutomodRule', { ruleId: 'r1' })).then([{ type: 'AutomodRuleDisabled', data: { ruleId: 'r1', revision: 1, ...by } }]);
    spec.given([created]).when(rule('DisableAutomodRule', { ruleId: 'r1' })).then([]);
  });
  it('an unknown rule cannot be changed', () => {
    spec.given([]).when(rule('EnableAutomodRule', { ruleId: 'r9' })).thenRejects('AUTOMOD_RULE_NOT_FOUND');
    spec.given([]).when(rule('UpdateAutomodRule', { ruleId: 'r9', definition: invites })).thenRejects('AUTOMOD_RULE_NOT_FOUND');
  });
});

describe('automod rule definitions: bad input names the field', () => {
  const issue = (input: unknown) => {
    const r = RuleDefinitionSchema.safeParse(input);
    if (r.success) throw new Error('accepted');
    const first = r.error.issues[0]!;
    return `${first.path.join('.')}: ${first.message}`;
  };
  it('a pattern that needs backtracking (back-reference, look-ahead) is refused at save', () => {
    expect(issue({ name: 'x', trigger: { kind: 'words', patterns: ['(a)\\1'] }, actions: [{ kind: 'delete' }] })).toMatch(/^trigger\.patterns\.0: not a linear-time \(RE2\) pattern/);
    expect(issue({ name: 'x', trigger: { kind: 'words', patterns: ['ok', 'foo(?=bar)'] }, actions: [{ kind: 'delete' }] })).toMatch(/^trigger\.patterns\.1: /);
    // (a+)+b would backtrack catastrophically elsewhere; RE2 runs it in linear time, so it is accepted.
    expect(RuleDefinitionSchema.safeParse({ name: 'x', trigger: { kind: 'words', patterns: ['(a+)+b'] }, actions: [{ kind: 'delete' }] }).success).toBe(true);
  });
  it('an unknown trigger or action says which kinds exist', () => {
    expect(issue({ name: 'x', trigger: { kind: 'telepathy' }, actions: [{ kind: 'delete' }] })).toMatch(/^trigger(\.kind)?: unknown trigger: kind must be one of message-rate, /);
    expect(issue({ name: 'x', trigger: { kind: 'caps' }, actions: [{ kind: 'smite' }] })).toMatch(/^actions\.0(\.kind)?: unknown action/);
  });
  it('a raid rule cannot delete; an action twice is refused; a words rule needs a word', () => {
    expect(issue({ name: 'x', trigger: { kind: 'raid', joins: 5, perSeconds: 10 }, actions: [{ kind: 'kick' }, { kind: 'delete' }] })).toBe('actions.1.kind: a raid rule fires on joins: there is no message to delete');
    expect(issue({ name: 'x', trigger: { kind: 'caps' }, actions: [{ kind: 'warn' }, { kind: 'warn' }] })).toBe('actions.1.kind: warn is listed twice');
    expect(issue({ name: 'x', trigger: { kind: 'words' }, actions: [{ kind: 'warn' }] })).toBe('trigger.words: give at least one word or pattern');
    expect(issue({ name: 'x', trigger: { kind: 'links', mode: 'deny', hosts: ['not a host'] }, actions: [{ kind: 'warn' }] })).toMatch(/^trigger\.hosts\.0: must be a host name/);
  });
});

describe('automod hits: one per rule and subject; one delete outcome each', () => {
  const hitSpec = DeciderSpecification.for(automodHitsDecider);
  const subject = { kind: 'message' as const, messageId: '700000000000000001', channelId: '600000000000000001', authorId: '300000000000000001', authorName: 'spammer', content: 'discord.gg/x' };
  const hit = { ruleId: 'r1', ruleName: 'No invites', revision: 1, dryRun: false, reason: 'invite link: discord.gg/x', at: NOW, subject, actions: [{ kind: 'delete' as const }] };
  const recorded: AutomodHitEvent = { type: 'AutomodRuleHit', data: hit };
  it('records a hit once', () => {
    hitSpec.given([]).when(hits('RecordAutomodHit', hit)).then([recorded]);
    hitSpec.given([recorded]).when(hits('RecordAutomodHit', hit)).then([]);
  });
  it('records the delete outcome once, and only for a message it hit', () => {
    const done = hits('RecordAutomodDeleteOutcome', { ruleId: 'r1', at: NOW, messageId: subject.messageId, deleted: true });
    const deleted: AutomodHitEvent = { type: 'AutomodMessageDeleted', data: { ruleId: 'r1', at: NOW, messageId: subject.messageId, deletedAt: NOW } };
    hitSpec.given([recorded]).when(done).then([deleted]);
    hitSpec.given([recorded, deleted]).when(done).then([]);
    hitSpec.given([]).when(done).then([]);
    hitSpec
      .given([recorded])
      .when(hits('RecordAutomodDeleteOutcome', { ruleId: 'r1', at: NOW, messageId: subject.messageId, deleted: false, reason: 'Missing Permissions' }))
      .then([{ type: 'AutomodMessageDeleteFailed', data: { ruleId: 'r1', at: NOW, messageId: subject.messageId, reason: 'Missing Permissions', failedAt: NOW } }]);
  });
});
