import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
