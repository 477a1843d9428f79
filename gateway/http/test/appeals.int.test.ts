import { caseAppealsAggregate, caseAppealsStreamId } from '@guildhall/appeals';
import { aggregateStream } from '@guildhall/eventing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;
type MyCase = { guildId: string; caseNumber: number; type: string; status: string; moderatorName: string | null; appeal: { id: string; status: string; decisionReason: string | null } | null; canAppeal: boolean };

describe('appeals API (real NATS, PostgreSQL, the moderation and appeals services, the bot executor and the sandbox)', () => {
  let stack: TestStack;
  let banner: Browser;
  let reviewer: Browser;
  let member: Browser;
  let stranger: Browser;
  let memberId: string;
  let banCase: number;
  let warnCase: number;
  let appealId: string;
  const g = () => stack.guildId;
  /** Every event of the case's appeals stream: a refusal must leave it as it was. */
  const appealEvents = async (caseNumber: number) => (await aggregateStream(stack.store, caseAppealsStreamId(g(), caseNumber), caseAppealsAggregate)).events.map((e) => e.id);
  const myCases = async (b: Browser) => ((await json(await b.api('/api/me/cases'))).cases ?? []) as MyCase[];

  beforeAll(async () => {
    stack = await startTestStack('appeals');
    const people = stack.sandbox.world.people(g());
    memberId = people.members[2]!;
    banner = new Browser(stack.gateway.url);
    reviewer = new Browser(stack.gateway.url);
    member = new Browser(stack.gateway.url);
    stranger = new Browser(stack.gateway.url);
    await logIn(banner, stack.sandbox, people.moderators[0]!);
    await logIn(reviewer, stack.sandbox, people.moderators[1]!);
    await logIn(stranger, stack.sandbox, people.members[3]!);
    const warn = await banner.api(`/api/guilds/${g()}/commands/moderation/WarnMember`, { body: { target: { id: memberId, name: null }, reason: 'caps' } });
    expect(warn.status).toBeLessThan(300);
    const ban = await banner.api(`/api/guilds/${g()}/commands/moderation/BanMember`, { body: { target: { id: memberId, name: null }, reason: 'spam links' } });
    expect(ban.status).toBeLessThan(300);
    // Banned and gone from the guild in Discord, with no Guildhall level: still signs in.
    await eventually(async () => (stack.sandbox.world.bans(g()).some((b) => b.user.id === memberId) ? true : undefined), 20_000);
    await logIn(member, stack.sandbox, memberId);
  }, 180_000);
  afterAll(async () => stack?.dispose());

  it("shows a banned member with no level only their own record: their cases, not the guild's", async () => {
    const cases = await eventually(async () => {
      const c = await myCases(member);
      return c.length === 2 ? c : undefined;
    }, 20_000);
    expect(cases.map((c) => [c.guildId, c.type])).toEqual([
      [g(), 'ban'],
      [g(), 'warn'],
    ]);
    banCase = cases[0]!.caseNumber;
    warnCase = cases[1]!.caseNumber;
    // The default settings hide the moderator's name.
    expect(cases[0]).toMatchObject({ moderatorName: null, appeal: null, canAppeal: true, guildName: null });
    expect((await member.api(`/api/guilds/${g()}/appeals`)).status).toBe(403);
    expect((await member.api(`/api/guilds/${g()}/cases`)).status).toBe(403);
    expect(await myCases(stranger)).toEqual([]);
  });

  it('refuses an appeal on someone else’s case (403), a statement over the limit or with a NUL byte (400 naming the field); appends nothing', async () => {
    const before = await appealEvents(banCase);
    const other = await stranger.api('/api/me/appeals', { body: { guildId: g(), caseNumber: banCase, statement: 'let them back' } });
    expect(other.status).toBe(403);
    expect(await json(other)).toMatchObject({ error: { code: 'NOT_YOUR_CASE' } });
    const long = await member.api('/api/me/appeals', { body: { guildId: g(), caseNumber: banCase, statement: 'x'.repeat(4001) } });
    expect(long.status).toBe(400);
    expect(await json(long)).toMatchObject({ error: { field: 'statement' } });
    const nul = await member.api('/api/me/appeals', { body: { guildId: g(), caseNumber: banCase, statement: 'a\u0000b' } });
    expect(nul.status).toBe(400);
    expect(await json(nul)).toMatchObject({ error: { field: 'statement' } });
    const missing = await member.api('/api/me/appeals', { body: { guildId: g(), caseNumber: 9999, statement: 'hello' } });
    expect(missing.status).toBe(404);
    expect(await appealEvents(banCase)).toEqual(before);
  });

  it('takes the member’s appeal once; a second open appeal is 409 and appends nothing', async () => {
    const res = await member.api('/api/me/appeals', { body: { guildId: g(), caseNumber: banCase, statement: 'That was my brother on my account. It will not happen again.' } });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ status: 'accepted', appealId: `${g()}-${banCase}-1` });
    appealId = String(body.appealId);
    const before = await appealEvents(banCase);
    const again = await member.api('/api/me/appeals', { body: { guildId: g(), caseNumber: banCase, statement: 'please' } });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'APPEAL_ALREADY_OPEN' } });
    expect(await appealEvents(banCase)).toEqual(before);
  });

  it('refuses the banning moderator’s decision with 403 REVIEWER_IS_CASE_MODERATOR; appends nothing', async () => {
    const before = await appealEvents(banCase);
    const res = await banner.api(`/api/guilds/${g()}/appeals/${appealId}/decision`, { body: { decision: 'approved', reason: 'ok' } });
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ error: { code: 'REVIEWER_IS_CASE_MODERATOR' } });
    const assign = await banner.api(`/api/guilds/${g()}/appeals/${appealId}/assign`, { body: {} });
    expect(assign.status).toBe(403);
    expect(await appealEvents(banCase)).toEqual(before);
  });

  it('another moderator finds it in the queue, takes it, approves: the member is unbanned in Discord and sees the reason', async () => {
    const queue = await eventually(async () => {
      const r = (await json(await reviewer.api(`/api/guilds/${g()}/appeals?open=true`))) as { appeals: { id: string; caseNumber: number; status: string }[] };
      return r.appeals.length > 0 ? r.appeals : undefined;
    });
    expect(queue).toMatchObject([{ id: appealId, caseNumber: banCase, status: 'submitted' }]);
    expect((await reviewer.api(`/api/guilds/${g()}/appeals/${appealId}/assign`, { body: {} })).status).toBe(200);
    const decided = await reviewer.api(`/api/guilds/${g()}/appeals/${appealId}/decision`, { body: { decision: 'approved', reason: 'Account was compromised; welcome back.' } });
    expect(decided.status).toBe(200);
    await eventually(async () => (stack.sandbox.world.bans(g()).some((b) => b.user.id === memberId) ? undefined : true), 20_000);
    const mine = await eventually(async () => {
      const c = (await myCases(member)).find((x) => x.caseNumber === banCase);
      return c?.appeal?.status === 'approved' ? c : undefined;
    });
    expect(mine.appeal).toMatchObject({ id: appealId, decisionReason: 'Account was compromised; welcome back.' });
    // The unban is a case of its own on the member's record, by the approving moderator; nothing to appeal there.
    const unban = await eventually(async () => (await myCases(member)).find((x) => x.type === 'unban'));
    expect(unban).toMatchObject({ canAppeal: false });
    const one = await json(await reviewer.api(`/api/guilds/${g()}/appeals/${appealId}`));
    expect(one).toMatchObject({ id: appealId, status: 'approved', reviewer: { name: expect.any(String) }, decision: { decision: 'approved' } });
    const beside = (await json(await reviewer.api(`/api/guilds/${g()}/cases/${banCase}/appeals`))) as { appeals: unknown[] };
    expect(beside.appeals).toHaveLength(1);
 
    // The case's timeline carries the appeal's steps in order and the lift the approval caused, naming the appeal.
    type Entry = { stream: string; type: string; position: number; payload: Json; liftedByAppeal?: unknown; appeal?: Json };
    const timelineOf = async (b: Browser | { api: (path: string) => Promise<Response> }) => ((await json(await b.api(`/api/guilds/${g()}/cases/${banCase}/timeline`))).entries ?? []) as Entry[];
    const entries = await eventually(async () => {
      const t = await timelineOf(reviewer);
      return t.some((e) => e.type === 'CaseLifted') ? t : undefined;
    }, 20_000, 'the lift in the timeline');
    expect(entries.filter((e) => e.stream === 'appeal').map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealAssigned', 'AppealDecided']);
    expect(entries.map((e) => e.position)).toEqual(entries.map((e) => e.position).sort((a, b) => a - b));
    expect(entries.find((e) => e.type === 'AppealSubmitted')!.payload).toMatchObject({ statement: expect.stringContaining('my brother') });
    expect(entries.find((e) => e.type === 'AppealDecided')!.payload).toMatchObject({ decision: 'approved', reason: 'Account was compromised; welcome back.' });
    expect(entries.find((e) => e.type === 'CaseLifted')).toMatchObject({ liftedByAppeal: { appealId, caseNumber: banCase } });
    // Who may not read appeals (an API token with cases:read) sees the steps with the statement withheld.
    const admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, stack.sandbox.world.people(g()).admins[0]!);
    const created = await json(await admin.api(`/api/guilds/${g()}/api-tokens`, { body: { name: 'timeline reader', scopes: ['cases:read'], expiresInDays: 1 } }));
    const token = { api: (path: string) => fetch(`${stack.gateway.url}${path}`, { headers: { authorization: `Bearer ${String(created.token)}` } }) };
    const seen = await eventually(async () => {
      const t = await timelineOf(token);
      return t.length === entries.length ? t : undefined;
    }, 15_000, 'the token to read the timeline');
    expect(seen.find((e) => e.type === 'AppealSubmitted')!.payload).toMatchObject({ statement: '[withheld]' });
    expect(JSON.stringify(seen)).not.toContain('my brother');

    // The unban case the approval opened lists the appeal's steps too, before its own opening (which names the appeal), under the same rules.
    type UnbanEntry = Entry & { appealId?: string; appealCaseNumber?: number };
    const unbanTimelineOf = async (b: Browser | { api: (path: string) => Promise<Response> }) =>
      ((await json(await b.api(`/api/guilds/${g()}/cases/${unban.caseNumber}/timeline`))).entries ?? []) as UnbanEntry[];
    const unbanEntries = await unbanTimelineOf(reviewer);
    expect(unbanEntries.map((e) => [e.stream, e.type]).slice(0, 4)).toEqual([
      ['appeal', 'AppealSubmitted'],
      ['appeal', 'AppealAssigned'],
      ['appeal', 'AppealDecided'],
      ['case', 'CaseOpened'],
    ]);
    expect(unbanEntries.map((e) => e.position)).toEqual(unbanEntries.map((e) => e.position).sort((a, b) => a - b));
    expect(unbanEntries.filter((e) => e.stream === 'appeal').every((e) => e.appealId === appealId && e.appealCaseNumber === banCase)).toBe(true);
    expect(unbanEntries.find((e) => e.type === 'CaseOpened')).toMatchObject({ liftedByAppeal: { appealId, caseNumber: banCase } });
    expect(unbanEntries.find((e) => e.type === 'AppealSubmitted')!.payload).toMatchObject({ statement: expect.stringContaining('my brother') });
    const unbanSeen = await unbanTimelineOf(token);
    expect(unbanSeen.find((e) => e.type === 'AppealSubmitted')!.payload).toMatchObject({ statement: '[withheld]' });
    expect(JSON.stringify(unbanSeen)).not.toContain('my brother');
  });

  it('refuses a decision on a withdrawn appeal with 409; appends nothing', async () => {
    const res = await member.api('/api/me/appeals', { body: { guildId: g(), caseNumber: warnCase, statement: 'It was one message.' } });
    expect(res.status).toBe(201);
    const id = String((await json(res)).appealId);
    expect((await stranger.api(`/api/me/appeals/${id}/withdraw`, { body: {} })).status).toBe(403);
    expect((await member.api(`/api/me/appeals/${id}/withdraw`, { body: {} })).status).toBe(200);
    const before = await appealEvents(warnCase);
    const decide = await reviewer.api(`/api/guilds/${g()}/appeals/${id}/decision`, { body: { decision: 'denied', reason: 'no' } });
    expect(decide.status).toBe(409);
    expect(await json(decide)).toMatchObject({ error: { code: 'APPEAL_WITHDRAWN' } });
    const bad = await reviewer.api(`/api/guilds/${g()}/appeals/${id}/decision`, { body: { decision: 'maybe', reason: 'no' } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { field: 'decision' } });
    expect(await appealEvents(warnCase)).toEqual(before);
  });

  it('settings: moderators read them, only admins change them, bad ones are 400 naming the field', async () => {
    const current = await json(await reviewer.api(`/api/guilds/${g()}/appeal-settings`));
    expect(current).toMatchObject({ enabled: true, questions: [] });
    const put = await reviewer.api(`/api/guilds/${g()}/appeal-settings`, { method: 'PUT', body: { ...current, questions: ['Why?'] } });
    expect(put.status).toBe(403);
    const owner = new Browser(stack.gateway.url);
    await logIn(owner, stack.sandbox, stack.sandbox.world.people(g()).owner);
    const bad = await owner.api(`/api/guilds/${g()}/appeal-settings`, { method: 'PUT', body: { ...current, reviewLimitSeconds: 1 } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { field: 'reviewLimitSeconds' } });
    const ok = await owner.api(`/api/guilds/${g()}/appeal-settings`, { method: 'PUT', body: { ...current, questions: ['Why should we lift it?'], showModeratorName: true } });
    expect(ok.status).toBe(200);
    await eventually(async () => ((await json(await reviewer.api(`/api/guilds/${g()}/appeal-settings`))).showModeratorName === true ? true : undefined));
    const mine = await myCases(member);
    expect(mine[0]).toMatchObject({ moderatorName: expect.any(String) });
  });
});
