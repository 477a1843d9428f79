import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalStreamId, caseStreamId, executionCommandId, guildCasesStreamId, memberRecordStreamId } from '../src/index.js';
import { startModerationService, type ModerationService } from '../src/runtime/index.js';
import {
  ANN,
  answerDiscord,
  createRuntimeWorld,
  eventually,
  freshGuild,
  logger,
  ManualClock,
  openDiscordActions,
  send,
  user,
  userCommand,
  type RuntimeWorld,
} from './runtime-support.js';

let world: RuntimeWorld;
let service: ModerationService;
const clock = new ManualClock();
const BOB = { kind: 'discord-user' as const, id: '200000000000000002', name: 'Bob' };
const OWNER = { kind: 'dashboard-user' as const, id: '200000000000000009', name: 'Owner' };

beforeAll(async () => {
  world = await createRuntimeWorld('foureyes');
  service = await startModerationService({
    nc: world.nc,
    store: world.store,
    bus: world.bus,
    pool: world.pool,
    ...world.names.events,
    logger,
    clock: clock.now,
    process: { ackWaitMs: 2_000, resultWaitMs: 2_000 },
    expiry: { tickMs: 50 },
  });
}, 30_000);

afterAll(async () => {
  await service?.stop();
  await world?.dispose();
});

const bansNeedTwo = async (guild: string) =>
  expect(await send(world.bus, userCommand(guild, 'ConfigureFourEyes', { acts: ['ban'], expirySeconds: 600 }, clock, OWNER))).toMatchObject({ status: 'accepted', eventCount: 1 });

const approvalTypes = async (guild: string, approvalId: string) => (await world.store.readStream(approvalStreamId(guild, approvalId))).events.map((e) => e.type);

describe('four-eyes on the real NATS and PostgreSQL', { timeout: 60_000 }, () => {
  it('a ban waits for a second moderator; the requester cannot approve it; the approval runs it once, as the requester', async () => {
    const guild = freshGuild();
    await bansNeedTwo(guild);
    const target = user(1);
    const ban = userCommand(guild, 'BanMember', { target, reason: 'raid' }, clock);
    const held = await send(world.bus, ban);
    expect(held).toMatchObject({ status: 'accepted', streamId: approvalStreamId(guild, ban.id), eventCount: 1 });
    expect(await approvalTypes(guild, ban.id)).toEqual(['ApprovalRequested']);
    // Nothing of the ban happened: no member record, no case number.
    expect((await world.store.readStream(memberRecordStreamId(guild, target.id))).version).toBe(0);

    const own = await send(world.bus, userCommand(guild, 'ApproveRequest', { approvalId: ban.id }, clock, { ...ANN, kind: 'discord-user' }));
    expect(own).toMatchObject({ status: 'rejected', code: 'OWN_APPROVAL_FORBIDDEN' });
    expect(await approvalTypes(guild, ban.id)).toEqual(['ApprovalRequested']);

    expect(await send(world.bus, userCommand(guild, 'ApproveRequest', { approvalId: ban.id }, clock, BOB))).toMatchObject({ status: 'accepted', eventCount: 1 });
    const [action] = await eventually(async () => {
      const open = await openDiscordActions(world.store, guild);
      return open.length === 1 ? open : undefined;
    }, 20_000, 'the approved ban asked of Discord');
    expect(action!.actor).toEqual(ANN);
    expect(action!.payload).toMatchObject({ caseNumber: 1, action: 'ban', purpose: 'sanction' });
    const opened = (await world.store.readStream(caseStreamId(guild, 1))).events[0]!;
    expect(opened.payload).toMatchObject({ requestId: executionCommandId(ban.id), moderator: ANN, target, reason: 'raid' });
    await eventually(async () => ((await approvalTypes(guild, ban.id)).includes('ApprovalExecuted') ? true : undefined), 20_000, 'the run recorded');
    expect(await approvalTypes(guild, ban.id)).toEqual(['ApprovalRequested', 'ApprovalGranted', 'ApprovalExecuted']);

    await answerDiscord(world.bus, [action!], clock);
    // Deciding it again changes nothing, and only one case was ever opened.
    expect(await send(world.bus, userCommand(guild, 'ApproveRequest', { approvalId: ban.id }, clock, { ...BOB, id: '200000000000000003' }))).toMatchObject({
      status: 'rejected',
      code: 'APPROVAL_ALREADY_DECIDED',
    });
    expect(await send(world.bus, userCommand(guild, 'DenyRequest', { approvalId: ban.id }, clock, BOB))).toMatchObject({ status: 'rejected', code: 'APPROVAL_ALREADY_DECIDED' });
    expect((await world.store.readStream(guildCasesStreamId(guild))).events).toHaveLength(1);
  });

  it('a command dressed up as an approved one is refused when no approval was granted for it', async () => {
    const guild = freshGuild();
    await bansNeedTwo(guild);
    const ban = userCommand(guild, 'BanMember', { target: user(2), reason: null }, clock);
    await send(world.bus, ban);
    const forged = { ...userCommand(guild, 'BanMember', { target: user(2), reason: null }, clock), id: executionCommandId(ban.id) };
    expect(await send(world.bus, forged)).toMatchObject({ status: 'rejected', code: 'APPROVAL_NOT_GRANTED' });
    expect((await world.store.readStream(memberRecordStreamId(guild, user(2).id))).version).toBe(0);
  });

  it('a denied request never runs; an undecided one expires at its time through the scheduler and cannot be approved after', async () => {
    const guild = freshGuild();
    await bansNeedTwo(guild);
    const denied = userCommand(guild, 'BanMember', { target: user(3), reason: null }, clock);
    await send(world.bus, denied);
    expect(await send(world.bus, userCommand(guild, 'DenyRequest', { approvalId: denied.id, reason: 'not enough evidence' }, clock, BOB))).toMatchObject({ status: 'accepted' });

    const lapsing = userCommand(guild, 'BanMember', { target: user(4), reason: null }, clock);
    await send(world.bus, lapsing);
    clock.advance(601_000);
    await eventually(async () => ((await approvalTypes(guild, lapsing.id)).includes('ApprovalExpired') ? true : undefined), 20_000, 'the request expired');
    expect(await send(world.bus, userCommand(guild, 'ApproveRequest', { approvalId: lapsing.id }, clock, BOB))).toMatchObject({ status: 'rejected', code: 'APPROVAL_EXPIRED' });
    expect(await approvalTypes(guild, lapsing.id)).toEqual(['ApprovalRequested', 'ApprovalExpired']);
    expect(await approvalTypes(guild, denied.id)).toEqual(['ApprovalRequested', 'ApprovalDenied']);
    expect((await world.store.readStream(guildCasesStreamId(guild))).version).toBe(0);
  });

  it('a bulk action from the threshold on and hiding a case wait too; approved, they run as asked (the bulk fans out once)', async () => {
    const guild = freshGuild();
    expect(await send(world.bus, userCommand(guild, 'ConfigureFourEyes', { acts: ['bulk-action', 'hide-case'], bulkThreshold: 2 }, clock, OWNER))).toMatchObject({ status: 'accepted' });
    const small = userCommand(guild, 'RequestBulkAction', { action: 'kick', targets: [user(10)] }, clock);
    expect(await send(world.bus, small)).toMatchObject({ status: 'accepted', streamId: expect.stringContaining('moderation.bulk.') });
    const bulk = userCommand(guild, 'RequestBulkAction', { action: 'kick', targets: [user(11), user(12)], reason: 'raid' }, clock);
    expect(await send(world.bus, bulk)).toMatchObject({ status: 'accepted', streamId: approvalStreamId(guild, bulk.id) });
    expect(await send(world.bus, userCommand(guild, 'ApproveRequest', { approvalId: bulk.id }, clock, BOB))).toMatchObject({ status: 'accepted' });
    const kicks = await eventually(async () => {
      const open = (await openDiscordActions(world.store, guild)).filter((e) => (e.payload as { action: string }).action === 'kick');
      return open.length === 3 ? open : undefined;
    }, 20_000, 'the small bulk and the approved bulk kicked');
    expect(kicks.filter((k) => k.actor.id === ANN.id)).toHaveLength(3);
    await answerDiscord(world.bus, kicks, clock);
    await eventually(async () => ((await approvalTypes(guild, bulk.id)).includes('ApprovalExecuted') ? true : undefined), 20_000, 'the bulk run recorded');

    const hide = userCommand(guild, 'HideCase', { caseNumber: 1, reason: 'doxxing' }, clock);
    expect(await send(world.bus, hide)).toMatchObject({ status: 'accepted', streamId: approvalStreamId(guild, hide.id) });
    expect(await send(world.bus, userCommand(guild, 'ApproveRequest', { approvalId: hide.id }, clock, BOB))).toMatchObject({ status: 'accepted' });
    await eventually(async () => ((await world.store.readStream(caseStreamId(guild, 1))).events.some((e) => e.type === 'CaseHidden') ? true : undefined), 20_000, 'the case hidden');
  });

  it('without four-eyes a ban runs at once (the gate is off by default)', async () => {
    const guild = freshGuild();
    const ban = userCommand(guild, 'BanMember', { target: user(5), reason: null }, clock);
    expect(await send(world.bus, ban)).toMatchObject({ status: 'accepted', streamId: memberRecordStreamId(guild, user(5).id) });
  });
});
