import { describe, expect, it } from 'vitest';
import { compileRule, GuildWindow, observeAndEvaluate, RuleDefinitionSchema, type JoinObservation, type MessageObservation, type RuleDefinitionInput } from '../src/index.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
let n = 0;
const msg = (content: string | null, over: Partial<MessageObservation> & { s?: number } = {}): MessageObservation => ({
  kind: 'message',
  messageId: String(700000000000000000n + BigInt(++n)),
  channelId: '600000000000000001',
  authorId: '300000000000000001',
  authorName: 'sam',
  authorBot: false,
  authorRoleIds: [],
  content,
  createdAt: at(over.s ?? 0),
  mentionedUserIds: [],
  mentionedRoleIds: [],
  mentionsEveryone: false,
  ...over,
});
/** A user id whose snowflake says the account was made `ageDays` before T0. */
const userMadeDaysAgo = (ageDays: number, k: number) => String(((BigInt(T0 - ageDays * 86_400_000) - 1_420_070_400_000n) << 22n) + BigInt(k));
const join = (userId: string, s: number): JoinObservation => ({ kind: 'join', userId, userName: `u${userId.slice(-3)}`, joinedAt: at(s), roleIds: [] });

/** Given a rule, when these observations come in order, then these reasons (null: no hit). */
const run = (input: Omit<RuleDefinitionInput, 'name' | 'actions'> & { actions?: RuleDefinitionInput['actions'] }, observations: readonly (MessageObservation | JoinObservation)[]) => {
  const rule = compileRule('r1', 1, RuleDefinitionSchema.parse({ name: 'rule', actions: [{ kind: 'warn' }], ...input }));
  const window = new GuildWindow();
  return observations.map((o) => observeAndEvaluate([rule], o, window)[0]?.reason ?? null);
};

describe('automod triggers (given a rule, when messages or joins come, then hits)', () => {
  it('message rate: the message past the limit within the window', () => {
    const t = { trigger: { kind: 'message-rate' as const, maxMessages: 3, perSeconds: 10 } };
    expect(run(t, [msg('a', { s: 0 }), msg('b', { s: 1 }), msg('c', { s: 2 }), msg('d', { s: 3 }), msg('e', { s: 20 })])).toEqual([null, null, null, '4 messages in 10 s (limit 3)', null]);
    // Other members do not count towards one member's rate.
    expect(run(t, [msg('a'), msg('b'), msg('c'), msg('d', { authorId: '300000000000000002' })])).toEqual([null, null, null, null]);
  });
  it('duplicates: the same text (case and spacing ignored) past the limit', () => {
    expect(run({ trigger: { kind: 'duplicates', maxDuplicates: 2, perSeconds: 60 } }, [msg('Buy now', { s: 0 }), msg('buy  NOW', { s: 5 }), msg('other', { s: 6 }), msg('buy now', { s: 7 })])).toEqual([
      null,
      null,
      null,
      'the same message 3 times in 60 s (limit 2)',
    ]);
  });
  it('mention spam: users, roles and @everyone counted once each', () => {
    const t = { trigger: { kind: 'mention-spam' as const, maxMentions: 3 } };
    expect(run(t, [msg('hi', { mentionedUserIds: ['1', '2', '2'], mentionedRoleIds: ['9'] }), msg('hi', { mentionedUserIds: ['1', '2', '3'], mentionedRoleIds: ['9'], mentionsEveryone: true })])).toEqual([
      null,
      '5 mentions (limit 3)',
    ]);
  });
  it('invite links, except allowed codes', () => {
    const t = { trigger: { kind: 'invite-links' as const, allowedCodes: ['ours'] } };
    expect(run(t, [msg('JOIN MY SERVER discord.gg/spam'), msg('our server: discord.gg/ours'), msg('see https://discord.com/invite/abc-1.'), msg('discord.gg is great'), msg(null)])).toEqual([
      'invite link: discord.gg/spam',
      null,
      'invite link: https://discord.com/invite/abc-1',
      null,
      null,
    ]);
  });
  it('links by deny list (subdomains included) and by allow list', () => {
    expect(run({ trigger: { kind: 'links', mode: 'deny', hosts: ['disc0rd-gift.example'] } }, [msg('FREE NITRO http://www.disc0rd-gift.example/x'), msg('http://a.disc0rd-gift.example'), msg('https://example.com')])).toEqual([
      'denied link: http://www.disc0rd-gift.example/x',
      'denied link: http://a.disc0rd-gift.example',
      null,
    ]);
    expect(run({ trigger: { kind: 'links', mode: 'allow', hosts: ['github.com'] } }, [msg('https://github.com/x'), msg('https://evil.test/y and https://github.com')])).toEqual([null, 'unapproved link: https://evil.test/y']);
  });
  it('words on word boundaries, and RE2 patterns', () => {
    const t = { trigger: { kind: 'words' as const, words: ['scam', 'free nitro'], patterns: ['b+u+y\\s+followers'] } };
    expect(run(t, [msg('this is a SCAM!'), msg('scampi for dinner'), msg('get Free Nitro here'), msg('buuuy followers'), msg('hello')])).toEqual([
      'matched “SCAM”',
      null,
      expect.stringMatching(/^matched “.*free nitro/i),
      'matched “buuuy followers”',
      null,
    ]);
  });
  it('a pattern that backtracks catastrophically elsewhere runs in linear time here', () => {
    const t = { trigger: { kind: 'words' as const, patterns: ['(a+)+$b'] } };
    // A backtracking engine would not return on this input within the test's timeout.
    expect(run(t, [msg(`${'a'.repeat(5000)}c`)])).toEqual([null]);
  });
  it('caps ratio over messages long enough', () => {
    const t = { trigger: { kind: 'caps' as const, minLength: 8, maxRatio: 0.7 } };
    expect(run(t, [msg('WHY IS NOBODY ANSWERING'), msg('OK'), msg('Hello There Friends'), msg('ÄÖÜ ÄÖÜ ÄÖÜ!')])).toEqual(['100 % capitals (limit 70 %)', null, null, '100 % capitals (limit 70 %)']);
  });
  it('raid: more than N joins within T seconds; with an account age, only new accounts count', () => {
    const joins = [1, 2, 3, 4].map((k) => join(userMadeDaysAgo(1, k), k));
    expect(run({ trigger: { kind: 'raid', joins: 3, perSeconds: 10 }, actions: [{ kind: 'kick' }] }, joins)).toEqual([null, null, null, '4 joined in 10 s (limit 3)']);
    const mixed = [join(userMadeDaysAgo(1, 1), 1), join(userMadeDaysAgo(900, 2), 2), join(userMadeDaysAgo(2, 3), 3), join(userMadeDaysAgo(900, 4), 4)];
    expect(run({ trigger: { kind: 'raid', joins: 1, perSeconds: 10, maxAccountAgeDays: 7 }, actions: [{ kind: 'kick' }] }, mixed)).toEqual([
      null,
      null,
      '2 accounts younger than 7 days joined in 10 s (limit 1)',
      null,
    ]);
  });
  it('exempt roles and channels, and bots, never fire', () => {
    const t = { trigger: { kind: 'invite-links' as const }, exemptRoleIds: ['500000000000000001'], exemptChannelIds: ['600000000000000009'] };
    expect(run(t, [msg('discord.gg/a', { authorRoleIds: ['500000000000000001'] }), msg('discord.gg/a', { channelId: '600000000000000009' }), msg('discord.gg/a', { authorBot: true }), msg('discord.gg/a')])).toEqual([
      null,
      null,
      null,
      'invite link: discord.gg/a',
    ]);
  });
  it('message rules ignore joins and raid rules ignore messages', () => {
    expect(run({ trigger: { kind: 'caps', minLength: 1 } }, [join(userMadeDaysAgo(1, 1), 0)])).toEqual([null]);
    expect(run({ trigger: { kind: 'raid', joins: 2, perSeconds: 10 }, actions: [{ kind: 'kick' }] }, [msg('x'), msg('y'), msg('z')])).toEqual([null, null, null]);
  });
});

describe('backtest: a draft rule over stored history', () => {
  it('returns each hit with its message, messages and joins merged in time order', async () => {
    const { backtestRule } = await import('../src/index.js');
    const invites = RuleDefinitionSchema.parse({ name: 'No invites', trigger: { kind: 'invite-links' }, actions: [{ kind: 'delete' }] });
    const history = [msg('hi', { s: 0 }), msg('JOIN MY SERVER discord.gg/spam', { s: 1 }), msg('ok', { s: 2 }), msg('discord.gg/other', { s: 3 })];
    const r = backtestRule(invites, history, [join(userMadeDaysAgo(1, 1), 2)]);
    expect(r.examined).toEqual({ messages: 4, joins: 1 });
    expect(r.hits.map((h) => [h.observation.kind === 'message' ? h.observation.content : null, h.reason])).toEqual([
      ['JOIN MY SERVER discord.gg/spam', 'invite link: discord.gg/spam'],
      ['discord.gg/other', 'invite link: discord.gg/other'],
    ]);
    const raid = RuleDefinitionSchema.parse({ name: 'Raid', trigger: { kind: 'raid', joins: 1, perSeconds: 5 }, actions: [{ kind: 'kick' }] });
    expect(backtestRule(raid, history, [join(userMadeDaysAgo(1, 1), 1), join(userMadeDaysAgo(1, 2), 2)]).hits.map((h) => h.reason)).toEqual(['2 joined in 5 s (limit 1)']);
  });
});
