import type { Bot } from '@guildhall/gateway-discord';
import { listCases, listMessageHistory } from '@guildhall/projections';
import { ChannelType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, logger, NATS_URL, startGatewayBot, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

/**
 * The automod flow on the real stack: messages posted in the sandbox reach the store through the
 * real bot (gateway + fact router) and community; an invite-link rule is backtested on them,
 * saved, enabled, and the automation service's live automod part (run by the test stack) deletes the next invite (the bot's executor calls Discord)
 * and warns its author in a case whose moderator is the rule.
 */
describe('automod (real NATS, PostgreSQL, sandbox, bot, automation service parts)', () => {
  let stack: TestStack;
  let factBot: Bot;
  let admin: Browser;
  let channelId: string;
  let spammer: string;
  const base = () => `/api/guilds/${stack.guildId}/automod`;
  const post = (content: string) => stack.sandbox.world.sendMessage({ channelId, userId: spammer, content });

  beforeAll(async () => {
    stack = await startTestStack('automod');
    factBot = await startGatewayBot(stack, 'f', { factRouter: true, extra: { FACT_ROUTER_CONSUMER: `facts_${stack.id}`, SLASH_COMMANDS: 'false' } });
    const world = stack.sandbox.world;
    channelId = world.state.guildChannels(stack.guildId).find((c) => c.type === ChannelType.GuildText && c.name === 'general')!.id;
    spammer = world.people(stack.guildId).members[0]!;
    admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, world.people(stack.guildId).admins[0]!);
  }, 120_000);

  afterAll(async () => {
    await factBot?.stop();
    await stack?.dispose();
  });

  const invites = { name: 'No invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }, { kind: 'warn' }] };

  it('stores posted messages as history, backtests an invite rule on them, refuses bad rules, enables it, and deletes the next invite with a case by the rule', async () => {
    const history = [post('hey everyone!'), post('JOIN MY SERVER discord.gg/spam'), post('gg')];
    await eventually(async () => {
      const page = await listMessageHistory(stack.pool, { guildId: stack.guildId, authorId: spammer });
      return page.items.length === 3 ? page : undefined;
    }, 20_000);

    const backtest = await admin.api(`${base()}/backtest`, { body: { rule: invites, days: 1 } });
    expect(backtest.status).toBe(200);
    const bt = (await json(backtest)) as { examined: { messages: number }; hitCount: number; hits: { reason: string; message: { messageId: string; content: string } }[] };
    expect(bt.examined.messages).toBeGreaterThanOrEqual(3);
    expect(bt.hitCount).toBe(1);
    expect(bt.hits[0]).toMatchObject({ reason: 'invite link: discord.gg/spam', message: { messageId: history[1]!.id, content: 'JOIN MY SERVER discord.gg/spam' } });

    // Bad rules: 400 naming the field, and nothing stored.
    const catastrophic = await admin.api(`${base()}/rules`, { body: { name: 'x', trigger: { kind: 'words', patterns: ['(a+)+\\1'] }, actions: [{ kind: 'delete' }] } });
    expect(catastrophic.status).toBe(400);
    expect(await json(catastrophic)).toMatchObject({ error: { code: 'INVALID_COMMAND', field: 'trigger.patterns[0]' } });
    const unknown = await admin.api(`${base()}/rules`, { body: { name: 'x', trigger: { kind: 'telepathy' }, actions: [{ kind: 'delete' }] } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await json(unknown))).toContain('unknown trigger');
    const noChannel = await admin.api(`${base()}/rules`, { body: { ...invites, actions: [{ kind: 'alert', channelId: '1' }] } });
    expect(noChannel.status).toBe(400);
    expect(await json(noChannel)).toMatchObject({ error: { code: 'CHANNEL_NOT_FOUND', field: 'actions[0].channelId' } });
    expect(await json(await admin.api(`${base()}/rules`))).toEqual({ rules: [] });

    const created = await admin.api(`${base()}/rules`, { body: invites });
    expect(created.status).toBe(201);
    const { ruleId } = (await json(created)) as { ruleId: string };
    const enabled = await admin.api(`${base()}/rules/${ruleId}/enable`, { method: 'POST' });
    expect(enabled.status).toBe(200);
    const rules = await eventually(async () => {
      const r = (await json(await admin.api(`${base()}/rules`))) as { rules: { ruleId: string; enabled: boolean }[] };
      return r.rules[0]?.enabled ? r.rules : undefined;
    });
    expect(rules).toMatchObject([{ ruleId, name: 'No invites', enabled: true, revision: 1 }]);
    // The live part hears of the rule through the store; give it the enable before the next message.
    await new Promise((r) => setTimeout(r, 1_000));

    const ok = post('nice build!');
    const spam = post('free stuff at discord.gg/another');
    await eventually(async () => (stack.sandbox.world.messages(channelId).some((m) => m.id === spam.id) ? undefined : true), 20_000);
    expect(stack.sandbox.world.messages(channelId).some((m) => m.id === ok.id)).toBe(true);
    // The earlier invite (before the rule) stays: automod acts on new messages only.
    expect(stack.sandbox.world.messages(channelId).some((m) => m.id === history[1]!.id)).toBe(true);

    const cases = await eventually(async () => {
      const page = await listCases(stack.pool, { guildId: stack.guildId, moderatorId: `automod-rule:${ruleId}` });
      return page.items.length > 0 ? page.items : undefined;
    }, 20_000);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'warn', target: { id: spammer }, moderator: { kind: 'automation', id: `automod-rule:${ruleId}`, name: 'Automod: No invites' } });
    expect(JSON.stringify(cases[0])).toContain('invite link: discord.gg/another');

    const hits = await eventually(async () => {
      const page = (await json(await admin.api(`${base()}/hits?ruleId=${ruleId}`))) as { items: { messageId: string; deleteStatus: string }[] };
      return page.items[0]?.deleteStatus === 'deleted' ? page.items : undefined;
    });
    expect(hits).toMatchObject([{ messageId: spam.id, deleteStatus: 'deleted', dryRun: false, reason: 'invite link: discord.gg/another' }]);

    const h = (await json(await admin.api(`${base()}/rules/${ruleId}/history`))) as { history: { type: string; actor: { kind: string } }[] };
    expect(h.history.map((e) => e.type)).toEqual(['AutomodRuleCreated', 'AutomodRuleEnabled']);
  });
});
