import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { newId } from '@guildhall/kernel';
import { appealsPersonalData, caseAppealsAggregate, caseAppealsStreamId, defaultAppealSettings } from '@guildhall/appeals';
import { register as registerAppeals } from '@guildhall/appeals/handler';
import { aggregateStream, memberKeysBucket, mergePolicies, SealedFieldSchema, withPersonalData, type CommandConsumer, type EventStore } from '@guildhall/eventing';
import { approvalIdOfStream, approvalStreamId, moderationPersonalData } from '@guildhall/moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/bot.js';
import { parseApprovalButton } from '../src/four-eyes/approval-post.js';
import type { BotSettings } from '../src/settings.js';
import { connectInfra, deleteStreams, eventually, settingsFor, startModeration, startTestSandbox, testLogger, uniqueEnv, type Infra } from './support.js';

const env = uniqueEnv('foureyes');
let sandbox: SandboxHandle;
let settings: BotSettings;
let infra: Infra;
let bot: Bot;
let moderation: { stop: () => Promise<void> };
let appeals: CommandConsumer;
/** Appeals' store as its service opens it: behind crypto-shredding with its policy (statements, approvers' names sealed). */
let appealsStore: EventStore;
let guildId: string;
let staffChannel: string;
let ann: string;
let bob: string;

type Button = { custom_id: string; label: string };
const buttonsOf = (m: { components?: unknown[] }): Button[] =>
  ((m.components ?? []) as { components?: Button[] }[]).flatMap((row) => row.components ?? []);

beforeAll(async () => {
  sandbox = await startTestSandbox();
  settings = settingsFor(env, sandbox, { ACTION_CONTEXTS: 'moderation' });
  infra = await connectInfra(settings, 'foureyes-test');
  moderation = await startModeration(infra);
  appealsStore = (await withPersonalData(infra.store, { nc: infra.nc, eventsStream: settings.EVENTS_STREAM, policy: mergePolicies(appealsPersonalData, moderationPersonalData) })).store;
  appeals = await registerAppeals(infra.bus, appealsStore);
  guildId = sandbox.world.mainGuild().base.id;
  staffChannel = sandbox.world.channelByName(guildId, 'mod-chat').id;
  [ann, bob] = sandbox.world.people(guildId).moderators as [string, string];
  bot = await startBot({ settings, logger: testLogger, nc: infra.nc });
  const id = newId();
  const owner = sandbox.world.people(guildId).owner;
  const configured = await infra.bus.send(
    {
      id, type: 'ConfigureFourEyes', issuedAt: new Date().toISOString(), guildId, actor: { kind: 'dashboard-user', id: owner, name: 'Owner' }, source: 'web', correlationId: id, causationId: null,
      payload: { acts: ['ban'], expirySeconds: 3600, staffChannelId: staffChannel },
    },
    { context: 'moderation', waitMs: 10_000 },
  );
  expect(configured.status).toBe('accepted');
});

afterAll(async () => {
  await bot?.stop();
  await appeals?.stop();
  await moderation?.stop();
  await sandbox?.stop();
  if (infra) {
    await deleteStreams(infra.nc, env);
    await infra.nc.request(`$JS.API.STREAM.DELETE.KV_${memberKeysBucket(settings.EVENTS_STREAM)}`).catch(() => undefined);
    await infra.nc.close();
  }
});

describe('four-eyes in Discord (real bot, sandbox, NATS)', () => {
  it('/ban waits for a second moderator; the staff channel gets Approve / Deny; the requester’s click is refused; a second moderator’s click bans, once', async () => {
    const target = sandbox.world.join({ guildId }).user.id;
    const view = sandbox.world.invokeCommand({ guildId, channelId: staffChannel, userId: ann, command: 'ban', options: [{ name: 'user', value: target }, { name: 'reason', value: 'raid' }] });
    const reply = await eventually(() => {
      const content = sandbox.world.interaction(view.id).original?.content ?? '';
      return content.includes('second moderator') ? content : undefined;
    }, 20_000, 'the /ban reply');
    expect(reply).toMatch(/^⏳ Waiting for a second moderator: Ban .* is held as request `[0-9a-f-]+`/);
    const approvalId = /request `([0-9a-f-]+)`/.exec(reply)![1]!;
    expect(sandbox.world.bans(guildId).some((b) => b.user.id === target)).toBe(false);

    const post = await eventually(() => sandbox.world.messages(staffChannel).find((m) => buttonsOf(m).some((b) => parseApprovalButton(b.custom_id)?.approvalId === approvalId)), 20_000, 'the post in the staff channel');
    expect(post.content).toContain('Four-eyes');
    expect(post.content).toContain('raid');
    expect(buttonsOf(post).map((b) => b.label)).toEqual(['Approve', 'Deny']);
    const approve = buttonsOf(post).find((b) => b.label === 'Approve')!.custom_id;
    await eventually(async () => ((await infra.store.readStream(approvalStreamId(guildId, approvalId))).events.some((e) => e.type === 'ApprovalPosted') ? true : undefined), 20_000, 'the post recorded');

    const own = sandbox.world.clickComponent({ guildId, channelId: staffChannel, userId: ann, messageId: post.id, customId: approve });
    const refused = await eventually(() => sandbox.world.interaction(own.id).original?.content || undefined, 20_000, 'the answer to the requester');
    expect(refused).toMatch(/you asked for this yourself \(OWN_APPROVAL_FORBIDDEN\)/);
    expect((sandbox.world.interaction(own.id).original?.flags ?? 0) & 64).toBe(64);

    const second = sandbox.world.clickComponent({ guildId, channelId: staffChannel, userId: bob, messageId: post.id, customId: approve });
    await eventually(() => (sandbox.world.bans(guildId).some((b) => b.user.id === target) ? true : undefined), 20_000, 'the ban in the sandbox');
    const updated = await eventually(() => {
      const m = sandbox.world.messages(staffChannel).find((x) => x.id === post.id);
      return m && m.content.includes('approved by') ? m : undefined;
    }, 20_000, 'the post updated');
    expect(buttonsOf(updated)).toEqual([]);
    expect(sandbox.world.interaction(second.id).acknowledged).toBe(true);
    const ban = sandbox.world.bans(guildId).find((b) => b.user.id === target)!;
    expect(ban.reason).toContain('raid');
    const types = (await infra.store.readStream(approvalStreamId(guildId, approvalId))).events.map((e) => e.type);
    expect(types.filter((t) => t === 'ApprovalGranted')).toHaveLength(1);
    expect(sandbox.world.restCalls({ method: 'PUT', path: `/bans/${target}` })).toHaveLength(1);
  });

  it('a request decided in the dashboard updates its staff-channel post too (no buttons left)', async () => {
    const target = sandbox.world.join({ guildId }).user.id;
    const view = sandbox.world.invokeCommand({ guildId, channelId: staffChannel, userId: ann, command: 'ban', options: [{ name: 'user', value: target }] });
    const reply = await eventually(() => {
      const content = sandbox.world.interaction(view.id).original?.content ?? '';
      return content.includes('second moderator') ? content : undefined;
    }, 20_000, 'the /ban reply');
    const approvalId = /request `([0-9a-f-]+)`/.exec(reply)![1]!;
    const post = await eventually(() => sandbox.world.messages(staffChannel).find((m) => buttonsOf(m).some((b) => parseApprovalButton(b.custom_id)?.approvalId === approvalId)), 20_000, 'the post');
    await eventually(async () => ((await infra.store.readStream(approvalStreamId(guildId, approvalId))).events.some((e) => e.type === 'ApprovalPosted') ? true : undefined), 20_000, 'the post recorded');
    const id = newId();
    const denied = await infra.bus.send(
      { id, type: 'DenyRequest', issuedAt: new Date().toISOString(), guildId, actor: { kind: 'dashboard-user', id: bob, name: 'Bob' }, source: 'web', correlationId: id, causationId: null, payload: { approvalId, reason: 'wrong member' } },
      { context: 'moderation', waitMs: 10_000 },
    );
    expect(denied.status).toBe('accepted');
    const updated = await eventually(() => {
      const m = sandbox.world.messages(staffChannel).find((x) => x.id === post.id);
      return m && m.content.includes('denied by Bob') ? m : undefined;
    }, 20_000, 'the post updated');
    expect(updated.content).toContain('(wrong member)');
    expect(buttonsOf(updated)).toEqual([]);
    await eventually(async () => ((await infra.store.readStream(approvalStreamId(guildId, approvalId))).events.some((e) => e.type === 'ApprovalPostUpdated') ? true : undefined), 20_000, 'the update recorded');
    expect(sandbox.world.bans(guildId).some((b) => b.user.id === target)).toBe(false);
  });

  it('an appeal decision held by four-eyes: the case’s moderator’s click is refused (nothing appended); another moderator’s click runs the decision once, naming both', async () => {
    const owner = sandbox.world.people(guildId).owner;
    const send = async (type: string, actor: { kind: 'discord-user' | 'dashboard-user'; id: string; name: string }, payload: Record<string, unknown>, context = 'appeals') => {
      const id = newId();
      return infra.bus.send({ id, type, issuedAt: new Date().toISOString(), guildId, actor, source: 'web', correlationId: id, causationId: null, payload }, { context, waitMs: 10_000 });
    };
    expect((await send('ConfigureFourEyes', { kind: 'dashboard-user', id: owner, name: 'Owner' }, { acts: ['ban', 'appeal-decision'], expirySeconds: 3600, staffChannelId: staffChannel }, 'moderation')).status).toBe('accepted');
    // An appeal of Ann's warn (case 900): the appeals context trusts the case the web read for it.
    const member = sandbox.world.join({ guildId }).user.id;
    const caseNumber = 900;
    const appealId = `${guildId}-${caseNumber}-1`;
    const submitted = await send('SubmitAppeal', { kind: 'discord-user', id: member, name: 'member' }, { caseNumber, statement: 'Not me.', appealedCase: { targetId: member, moderatorId: ann, action: 'warn', hidden: false }, settings: defaultAppealSettings() });
    expect(submitted.status).toBe('accepted');
    const asked = await send('DecideAppeal', { kind: 'dashboard-user', id: bob, name: 'Bob' }, { caseNumber, appealId, decision: 'approved', reason: 'The logs clear them.' });
    expect(asked.status).toBe('accepted');
    const approvalId = asked.status === 'accepted' ? approvalIdOfStream(guildId, asked.streamId) : null;
    expect(approvalId).not.toBeNull();

    const post = await eventually(() => sandbox.world.messages(staffChannel).find((m) => buttonsOf(m).some((b) => parseApprovalButton(b.custom_id)?.approvalId === approvalId)), 20_000, 'the post in the staff channel');
    expect(post.content).toContain(`Approve appeal ${appealId} of case #${caseNumber}`);
    const approve = buttonsOf(post).find((b) => b.label === 'Approve')!.custom_id;
    await eventually(async () => ((await infra.store.readStream(approvalStreamId(guildId, approvalId!))).events.some((e) => e.type === 'ApprovalPosted') ? true : undefined), 20_000, 'the post recorded');

    const byCaseModerator = sandbox.world.clickComponent({ guildId, channelId: staffChannel, userId: ann, messageId: post.id, customId: approve });
    const refused = await eventually(() => sandbox.world.interaction(byCaseModerator.id).original?.content || undefined, 20_000, 'the answer to the case moderator');
    expect(refused).toMatch(/REVIEWER_IS_CASE_MODERATOR/);
    expect((await infra.store.readStream(approvalStreamId(guildId, approvalId!))).events.map((e) => e.type)).toEqual(['ApprovalRequested', 'ApprovalPosted']);

    sandbox.world.clickComponent({ guildId, channelId: staffChannel, userId: owner, messageId: post.id, customId: approve });
    const appeal = await eventually(async () => {
      const { state } = await aggregateStream(appealsStore, caseAppealsStreamId(guildId, caseNumber), caseAppealsAggregate);
      const a = state.appeals[0];
      return a?.status === 'approved' ? a : undefined;
    }, 30_000, 'the decision run');
    expect(appeal.decision).toMatchObject({ by: { id: bob }, approvedBy: { id: owner, name: expect.stringMatching(/^(?!\[erased\]).+/) } });
    // As stored: the approver's name sealed (under their key), their id in the clear; the statement sealed too, which the bot opened for its refusal check above.
    const stored = (await infra.store.readStream(caseAppealsStreamId(guildId, caseNumber))).events;
    const decided = stored.find((e) => e.type === 'AppealDecided')!.payload as { approval: { approvedBy: { id: string; name: unknown } } };
    expect(decided.approval.approvedBy.id).toBe(owner);
    expect(SealedFieldSchema.parse(decided.approval.approvedBy.name)).toMatchObject({ k: `${guildId}/${owner}` });
    expect(SealedFieldSchema.safeParse((stored[0]!.payload as { statement: unknown }).statement).success).toBe(true);
    const executed = await eventually(async () => {
      const types = (await infra.store.readStream(approvalStreamId(guildId, approvalId!))).events.map((e) => e.type);
      return types.includes('ApprovalExecuted') ? types : undefined;
    }, 20_000, 'the run recorded');
    expect(executed.filter((t) => t === 'ApprovalGranted')).toHaveLength(1);
    expect((await aggregateStream(appealsStore, caseAppealsStreamId(guildId, caseNumber), caseAppealsAggregate)).events.map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealDecided']);
  });
});
