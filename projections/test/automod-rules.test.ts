import type { HandlerOutcome } from '@guildhall/eventing';
import { automationHandler } from '@guildhall/automation/handler';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automodRulesProjection, listAutomodHits, listAutomodRuleHistory, listAutomodRules } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Ann' };
const RULE: Actor = { kind: 'automation', id: 'automod-rule:r1', name: 'Automod: No invites' };
const BOT: Actor = { kind: 'system', id: 'guildhall-discord-bot', name: 'Guildhall bot' };
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const invites = { name: 'No invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }, { kind: 'warn' }] };

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;
const send = async (type: string, payload: unknown, s: number, actor: Actor = ANN) => {
  const id = deterministicId('automod-rm-test', ++n);
  const r = await handle({ id, type, issuedAt: at(s), guildId: G1, actor, source: actor === ANN ? 'web' : actor === RULE ? 'automod' : 'discord', correlationId: id, causationId: null, payload });
  if (r.status !== 'accepted') throw new Error(`${type} ${r.status}: ${JSON.stringify(r)}`);
};
const subject = (k: number, content: string) => ({ kind: 'message', messageId: `70000000000000000${k}`, channelId: '600000000000000001', authorId: '300000000000000001', authorName: 'spammer', content });
const hit = (k: number, dryRun: boolean, s: number) => ({ ruleId: 'r1', ruleName: 'No invites', revision: dryRun ? 2 : 3, dryRun, reason: `invite link: discord.gg/x${k}`, at: at(s), subject: subject(k, `discord.gg/x${k}`), actions: invites.actions });

beforeAll(async () => {
  world = await createTestWorld('automod');
  handle = automationHandler(world.store);
  await world.startRunners([automodRulesProjection]);
  await send('CreateAutomodRule', { ruleId: 'r1', definition: invites }, 0);
  await send('UpdateAutomodRule', { ruleId: 'r1', definition: { ...invites, dryRun: true } }, 1);
  await send('EnableAutomodRule', { ruleId: 'r1' }, 2);
  await send('RecordAutomodHit', hit(1, true, 3), 3, RULE);
  await send('UpdateAutomodRule', { ruleId: 'r1', definition: invites, expectedRevision: 2 }, 4);
  await send('RecordAutomodHit', hit(2, false, 5), 5, RULE);
  await send('RecordAutomodDeleteOutcome', { ruleId: 'r1', at: at(5), messageId: subject(2, '').messageId, deleted: true }, 6, BOT);
  await send('CreateAutomodRule', { ruleId: 'r2', definition: { name: 'Caps', trigger: { kind: 'caps' }, actions: [{ kind: 'warn' }] } }, 7);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('automod_rules read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists rules by name with revision, enabled, hit count', async () => {
    const rules = await listAutomodRules(world.pool, { guildId: G1 });
    expect(rules.map((r) => [r.ruleId, r.name, r.revision, r.enabled, r.dryRun, r.hits])).toEqual([
      ['r2', 'Caps', 1, false, false, 0],
      ['r1', 'No invites', 3, true, false, 2],
    ]);
    expect(rules[1]).toMatchObject({ createdBy: ANN, createdAt: at(0), updatedAt: at(4), definition: { trigger: { kind: 'invite-links', allowedCodes: [] } } });
  });

  it('keeps every edit, enable and disable as history, with what changed', async () => {
    const h = await listAutomodRuleHistory(world.pool, { guildId: G1, ruleId: 'r1' });
    expect(h.map((e) => [e.type, e.revision, e.changed])).toEqual([
      ['AutomodRuleCreated', 1, []],
      ['AutomodRuleUpdated', 2, ['dryRun']],
      ['AutomodRuleEnabled', 2, []],
      ['AutomodRuleUpdated', 3, ['dryRun']],
    ]);
    expect(h[1]).toMatchObject({ actor: ANN, source: 'web', definition: { dryRun: true } });
  });

  it('logs hits newest first: the dry-run log apart, the delete outcome on the live one', async () => {
    const all = await listAutomodHits(world.pool, { guildId: G1 });
    expect(all.items.map((x) => [x.messageId, x.dryRun, x.deleteStatus])).toEqual([
      ['700000000000000002', false, 'deleted'],
      ['700000000000000001', true, null],
    ]);
    expect((await listAutomodHits(world.pool, { guildId: G1, dryRun: true })).items).toMatchObject([{ content: 'discord.gg/x1', reason: 'invite link: discord.gg/x1', actions: ['delete', 'warn'] }]);
    const first = await listAutomodHits(world.pool, { guildId: G1, limit: 1 });
    expect((await listAutomodHits(world.pool, { guildId: G1, limit: 1, cursor: first.nextCursor! })).items.map((x) => x.messageId)).toEqual(['700000000000000001']);
    await expect(listAutomodHits(world.pool, { guildId: G1, ruleId: 'bad id!' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds to the same rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, automodRulesProjection, { rules: 'guild_id, rule_id', rule_history: 'guild_id, rule_id, position, seq', hits: 'guild_id, rule_id, subject_key' });
    expect(before.hits).toHaveLength(2);
    expect(after).toEqual(before);
  });
});
