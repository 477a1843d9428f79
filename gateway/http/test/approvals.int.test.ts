import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAppealsAggregate, caseAppealsStreamId } from '@guildhall/appeals';
import { aggregateStream } from '@guildhall/eventing';
import { approvalStreamId, guildCasesStreamId } from '@guildhall/moderation';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

describe('four-eyes over HTTP (real NATS, PostgreSQL, moderation service, bot executor, sandbox)', () => {
  let stack: TestStack;
  let admin: Browser;
  let ann: Browser;
  let bob: Browser;
  let targets: string[];
  const g = () => `/api/guilds/${stack.guildId}`;
  const eventsOf = async (streamId: string) => (await stack.store.readStream(streamId)).events.map((e) => e.type);

  beforeAll(async () => {
    stack = await startTestStack('foureyes');
    const people = stack.sandbox.world.people(stack.guildId);
    admin = new Browser(stack.gateway.url);
    ann = new Browser(stack.gateway.url);
    bob = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, people.owner);
    await logIn(ann, stack.sandbox, people.moderators[0]!);
    await logIn(bob, stack.sandbox, people.moderators[1]!);
    targets = people.members.slice(0, 4);
  }, 120_000);
  afterAll(async () => stack?.dispose());

  it('only admins change the rules; bad rules are 400 naming the field and change nothing', async () => {
    const byModerator = await ann.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: ['ban'] } });
    expect(byModerator.status).toBe(403);
    const bad = await admin.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: ['ban', 'nuke'] } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_BODY', field: 'acts[1]' } });
    const short = await admin.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: ['ban'], expirySeconds: 5 } });
    expect(short.status).toBe(400);
    expect(await json(short)).toMatchObject({ error: { field: 'expirySeconds' } });
    expect(await json(await ann.api(`${g()}/four-eyes`))).toMatchObject({ acts: [], configured: null, history: [] });
  });

  it('admin turns four-eyes on for bans → a web ban waits → its requester cannot approve → a second moderator approves → the sandbox shows the ban, once', async () => {
    const on = await admin.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: ['ban'], expirySeconds: 3600 } });
    expect(on.status).toBe(200);
    expect(await json(on)).toMatchObject({ acts: ['ban'], expirySeconds: 3600, staffChannelId: null, configured: { configuredBy: { kind: 'dashboard-user' } } });

    const target = targets[0]!;
    const ban = await ann.api(`${g()}/commands/moderation/BanMember`, { body: { target: { id: target, name: 'raider' }, reason: 'raid' } });
    expect(ban.status).toBe(202);
    const held = await json(ban);
    expect(held).toMatchObject({ status: 'awaiting-approval', approvalId: held.commandId });
    const approvalId = held.approvalId as string;
    expect(stack.sandbox.world.mainGuild().bans.has(target)).toBe(false);
    const outcome = await json(await ann.api(`${g()}/requests/${approvalId}/outcome?userId=${target}&waitMs=0`));
    expect(outcome).toMatchObject({ outcome: { status: 'awaiting-approval', approvalId } });

    const queue = await eventually(async () => {
      const r = (await json(await bob.api(`${g()}/approvals`))) as { approvals: Json[] };
      return r.approvals.length === 1 ? r.approvals : undefined;
    }, 20_000, 'the request in the queue');
    expect(queue[0]).toMatchObject({ approvalId, act: 'ban', status: 'pending', summary: { text: 'Ban raider (raid)' }, requestedBy: { kind: 'dashboard-user', name: expect.any(String) } });

    const own = await ann.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
    expect(own.status).toBe(403);
    expect(await json(own)).toMatchObject({ error: { code: 'OWN_APPROVAL_FORBIDDEN' } });
    expect(await eventsOf(approvalStreamId(stack.guildId, approvalId))).toEqual(['ApprovalRequested']);

    const ok = await bob.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ approval: { status: 'approved', decidedBy: { kind: 'dashboard-user' } } });
    await eventually(async () => (stack.sandbox.world.mainGuild().bans.has(target) ? true : undefined), 20_000, 'the ban in the sandbox');
    const after = await json(await ann.api(`${g()}/requests/${approvalId}/outcome?userId=${target}&waitMs=10000`));
    expect(after).toMatchObject({ outcome: { status: 'applied', caseNumber: 1 } });

    const twice = await bob.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
    expect(twice.status).toBe(409);
    expect(await json(twice)).toMatchObject({ error: { code: 'APPROVAL_ALREADY_DECIDED' } });
    expect((await stack.store.readStream(guildCasesStreamId(stack.guildId))).events).toHaveLength(1);
    const cases = await eventually(async () => {
      const page = (await json(await ann.api(`${g()}/cases?type=ban&targetId=${target}`))) as { items: Json[] };
      return page.items.length ? page.items : undefined;
    }, 20_000, 'the case');
    expect(cases).toHaveLength(1);
    // Attributed to the moderator who asked; the approval names the second one.
    expect(cases[0]).toMatchObject({ moderator: { id: stack.sandbox.world.people(stack.guildId).moderators[0] } });
    const executed = await eventually(async () => {
      const r = (await json(await ann.api(`${g()}/approvals/${approvalId}`))) as { approval: Json };
      return r.approval.status === 'executed' ? r.approval : undefined;
    }, 20_000, 'the run recorded');
    expect(executed).toMatchObject({ decidedBy: { id: stack.sandbox.world.people(stack.guildId).moderators[1] }, execution: { outcome: 'accepted' } });
  });

  it('a denial is final; an unknown request is 404; nothing appends', async () => {
    const target = targets[1]!;
    const held = await json(await ann.api(`${g()}/commands/moderation/BanMember`, { body: { target: { id: target } } }));
    const approvalId = held.approvalId as string;
    const denied = await bob.api(`${g()}/approvals/${approvalId}/deny`, { body: { reason: 'wrong member' } });
    expect(denied.status).toBe(200);
    expect(await json(denied)).toMatchObject({ approval: { status: 'denied', denialReason: 'wrong member' } });
    const late = await bob.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
    expect(late.status).toBe(409);
    expect(await json(await ann.api(`${g()}/requests/${approvalId}/outcome?userId=${target}&waitMs=0`))).toMatchObject({ outcome: { status: 'approval-denied', reason: 'wrong member' } });
    const unknown = await bob.api(`${g()}/approvals/no-such-request/approve`, { body: {} });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { code: 'APPROVAL_NOT_FOUND', field: 'approvalId' } });
    // Deny without a body (no reason) works too; a body that is not the schema's is 400.
    const other = await json(await ann.api(`${g()}/commands/moderation/BanMember`, { body: { target: { id: targets[3]! } } }));
    const badBody = await bob.api(`${g()}/approvals/${other.approvalId as string}/deny`, { body: { reason: 5 } });
    expect(badBody.status).toBe(400);
    expect(await json(badBody)).toMatchObject({ error: { code: 'INVALID_BODY', field: 'reason' } });
    const bare = await bob.fetch(`${g()}/approvals/${other.approvalId as string}/deny`, { method: 'POST', headers: { 'x-guildhall-csrf': '1' } });
    expect(bare.status).toBe(200);
    expect(await json(bare)).toMatchObject({ approval: { status: 'denied', denialReason: null } });
    const badId = await bob.api(`${g()}/approvals/a.b/approve`, { body: {} });
    expect(badId.status).toBe(400);
    expect(await eventsOf(approvalStreamId(stack.guildId, approvalId))).toEqual(['ApprovalRequested', 'ApprovalDenied']);
    expect(stack.sandbox.world.mainGuild().bans.has(target)).toBe(false);
  });

  it('the history of the rules is kept; turning four-eyes off lets a ban run at once', async () => {
    const off = await admin.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: [] } });
    expect(off.status).toBe(200);
    const settings = await json(await ann.api(`${g()}/four-eyes`));
    expect(settings).toMatchObject({ acts: [], history: [{ acts: ['ban'] }, { acts: [] }] });
    const ban = await ann.api(`${g()}/commands/moderation/BanMember`, { body: { target: { id: targets[2]! } } });
    expect(ban.status).toBe(200);
    expect(await json(ban)).toMatchObject({ status: 'accepted', outcome: { status: 'applied' } });
  });

  describe('on appeal decisions', () => {
    /** A fresh member banned by Ann (so she is the case's moderator), signed in, with an appeal of the ban. */
    const bannedWithAppeal = async (statement: string) => {
      const memberId = stack.sandbox.world.join({ guildId: stack.guildId }).user.id;
      const ban = await ann.api(`${g()}/commands/moderation/BanMember`, { body: { target: { id: memberId, name: null }, reason: 'spam links' } });
      expect(ban.status).toBe(200);
      const caseNumber = (await json(ban)).caseNumber as number;
      await eventually(async () => (stack.sandbox.world.bans(stack.guildId).some((b) => b.user.id === memberId) ? true : undefined), 20_000, 'the ban in the sandbox');
      const member = new Browser(stack.gateway.url);
      await logIn(member, stack.sandbox, memberId);
      const appeal = await member.api('/api/me/appeals', { body: { guildId: stack.guildId, caseNumber, statement } });
      expect(appeal.status).toBe(201);
      return { memberId, member, caseNumber, appealId: (await json(appeal)).appealId as string };
    };
    const appealOf = async (caseNumber: number, appealId: string) => {
      const { state, events } = await aggregateStream(stack.store, caseAppealsStreamId(stack.guildId, caseNumber), caseAppealsAggregate);
      return { appeal: state.appeals.find((a) => a.appealId === appealId)!, types: events.map((e) => e.type) };
    };
    const waitingFor = async (who: Browser, appealId: string) => {
      const r = (await json(await who.api(`${g()}/approvals`))) as { approvals: { approvalId: string; act: string; summary: { text: string } }[] };
      return r.approvals.filter((a) => a.act === 'appeal-decision' && a.summary.text.includes(appealId));
    };

    it('an unknown act is 400 naming the field; the admin puts appeal decisions behind four eyes, kept in the history', async () => {
      const bad = await admin.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: ['appeal-decision', 'appeal-everything'] } });
      expect(bad.status).toBe(400);
      expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_BODY', field: 'acts[1]' } });
      const on = await admin.api(`${g()}/four-eyes`, { method: 'PUT', body: { acts: ['appeal-decision'], expirySeconds: 3600 } });
      expect(on.status).toBe(200);
      expect(await json(await ann.api(`${g()}/four-eyes`))).toMatchObject({ acts: ['appeal-decision'], history: [{ acts: ['ban'] }, { acts: [] }, { acts: ['appeal-decision'] }] });
    });

    it('decideAppeal → 202 awaiting-approval; the requester’s own approval 403; the case’s moderator may not let it through (403); another moderator approves → approved once, the ban lifted in the sandbox', async () => {
      const { memberId, caseNumber, appealId } = await bannedWithAppeal('It was my brother on my account.');
      // At request time the decision's rules hold: the banning moderator cannot even ask.
      const byCaseModerator = await ann.api(`${g()}/appeals/${appealId}/decision`, { body: { decision: 'approved', reason: 'ok' } });
      expect(byCaseModerator.status).toBe(403);
      expect(await json(byCaseModerator)).toMatchObject({ error: { code: 'REVIEWER_IS_CASE_MODERATOR' } });
      expect(await waitingFor(bob, appealId)).toEqual([]);

      expect((await bob.api(`${g()}/appeals/${appealId}/assign`, { body: {} })).status).toBe(200);
      const asked = await bob.api(`${g()}/appeals/${appealId}/decision`, { body: { decision: 'approved', reason: 'Account was compromised; welcome back.' } });
      expect(asked.status).toBe(202);
      const held = await json(asked);
      expect(held).toMatchObject({ status: 'awaiting-approval', approvalId: expect.any(String), commandId: expect.any(String) });
      const approvalId = held.approvalId as string;
      expect((await appealOf(caseNumber, appealId)).types).toEqual(['AppealSubmitted', 'AppealAssigned']);
      expect(await eventsOf(approvalStreamId(stack.guildId, approvalId))).toEqual(['ApprovalRequested']);

      const queued = await eventually(async () => {
        const w = await waitingFor(ann, appealId);
        return w.length === 1 ? w[0] : undefined;
      }, 20_000, 'the decision in the queue');
      expect(queued).toMatchObject({ approvalId, summary: { text: `Approve appeal ${appealId} of case #${caseNumber}: Account was compromised; welcome back.` } });

      const own = await bob.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
      expect(own.status).toBe(403);
      expect(await json(own)).toMatchObject({ error: { code: 'OWN_APPROVAL_FORBIDDEN' } });
      const caseModerator = await ann.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
      expect(caseModerator.status).toBe(403);
      expect(await json(caseModerator)).toMatchObject({ error: { code: 'REVIEWER_IS_CASE_MODERATOR' } });
      expect(await eventsOf(approvalStreamId(stack.guildId, approvalId))).toEqual(['ApprovalRequested']);
      expect(stack.sandbox.world.bans(stack.guildId).some((b) => b.user.id === memberId)).toBe(true);

      const ok = await admin.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
      expect(ok.status).toBe(200);
      await eventually(async () => (stack.sandbox.world.bans(stack.guildId).some((b) => b.user.id === memberId) ? undefined : true), 30_000, 'the unban in the sandbox');
      const { appeal, types } = await appealOf(caseNumber, appealId);
      expect(types).toEqual(['AppealSubmitted', 'AppealAssigned', 'AppealDecided']);
      // The decision is the requester's (Bob wrote it); the approver is on it too.
      const people = stack.sandbox.world.people(stack.guildId);
      expect(appeal).toMatchObject({ status: 'approved', decision: { decision: 'approved', by: { id: people.moderators[1] }, approvedBy: { id: people.owner } } });
      const executed = await eventually(async () => {
        const r = (await json(await ann.api(`${g()}/approvals/${approvalId}`))) as { approval: Json };
        return r.approval.status === 'executed' ? r.approval : undefined;
      }, 20_000, 'the run recorded');
      expect(executed).toMatchObject({ act: 'appeal-decision', held: { context: 'appeals', type: 'DecideAppeal' }, execution: { outcome: 'accepted' } });
      const again = await admin.api(`${g()}/approvals/${approvalId}/approve`, { body: {} });
      expect(again.status).toBe(409);
      expect((await appealOf(caseNumber, appealId)).types).toHaveLength(3);
    });

    it('a denied request leaves the appeal under review, still banned; a withdrawn appeal is 409 at request time', async () => {
      const { memberId, member, caseNumber, appealId } = await bannedWithAppeal('Please reconsider.');
      expect((await bob.api(`${g()}/appeals/${appealId}/assign`, { body: {} })).status).toBe(200);
      const asked = await bob.api(`${g()}/appeals/${appealId}/decision`, { body: { decision: 'approved', reason: 'Seems fine.' } });
      expect(asked.status).toBe(202);
      const approvalId = (await json(asked)).approvalId as string;
      const denied = await admin.api(`${g()}/approvals/${approvalId}/deny`, { body: { reason: 'the logs say otherwise' } });
      expect(denied.status).toBe(200);
      const { appeal, types } = await appealOf(caseNumber, appealId);
      expect(appeal.status).toBe('under-review');
      expect(types).toEqual(['AppealSubmitted', 'AppealAssigned']);
      expect(stack.sandbox.world.bans(stack.guildId).some((b) => b.user.id === memberId)).toBe(true);

      expect((await member.api(`/api/me/appeals/${appealId}/withdraw`, { body: {} })).status).toBe(200);
      const late = await bob.api(`${g()}/appeals/${appealId}/decision`, { body: { decision: 'denied', reason: 'too late' } });
      expect(late.status).toBe(409);
      expect(await json(late)).toMatchObject({ error: { code: 'APPEAL_WITHDRAWN' } });
      expect(await waitingFor(ann, appealId)).toHaveLength(0);
    });
  });
});
