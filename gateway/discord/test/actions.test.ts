import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { caseStreamId, memberRecordStreamId } from '@guildhall/moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/bot.js';
import type { BotSettings } from '../src/settings.js';
import {
  commandEnvelope,
  connectInfra,
  deleteStreams,
  eventsOfType,
  eventually,
  settingsFor,
  startModeration,
  startTestSandbox,
  testLogger,
  uniqueEnv,
  type Infra,
} from './support.js';

const env = uniqueEnv('actions');
let sandbox: SandboxHandle;
let settings: BotSettings;
let infra: Infra;
let bot: Bot;
let moderation: { stop: () => Promise<void> };
let messaging: { stop: () => Promise<void> };
let guildId: string;
let quietGuildId: string;

type Payload = Record<string, unknown> & { target?: { id: string }; actionId?: string; caseNumber?: number };

/** Sends a moderation command as a dashboard moderator and returns its id. */
const moderate = async (type: string, userId: string, payload: Record<string, unknown> = {}, inGuild = guildId): Promise<string> => {
  const command = commandEnvelope(type, inGuild, { target: { id: userId, name: `user-${userId.slice(-4)}` }, ...payload });
  const result = await infra.bus.send(command, { context: 'moderation', waitMs: 5_000 });
  expect(result.status).toBe('accepted');
  return command.id;
};

/** The case's Discord outcome event (succeeded or failed) for a request. */
const discordOutcome = (requestId: string) =>
  eventually(
    async () => {
      const all = await infra.store.readAll();
      return all.find((e) => (e.type === 'DiscordActionSucceeded' || e.type === 'DiscordActionFailed') && (e.payload as { requestId: string }).requestId === requestId);
    },
    20_000,
    `the Discord outcome of ${requestId}`,
  );

const freshMember = (): string => sandbox.world.join({ guildId }).user.id;
const banCalls = (userId: string) => sandbox.world.restCalls({ method: 'PUT', path: `/guilds/${guildId}/bans/${userId}` });

beforeAll(async () => {
  sandbox = await startTestSandbox();
  settings = settingsFor(env, sandbox);
  infra = await connectInfra(settings, 'actions-test');
  moderation = await startModeration(infra);
  messaging = await registerMessaging(infra.bus, infra.store);
  guildId = sandbox.world.mainGuild().base.id;
  quietGuildId = sandbox.world.guilds().find((g) => g.base.id !== guildId)!.base.id;
  bot = await startBot({ settings, logger: testLogger, nc: infra.nc });
});

afterAll(async () => {
  await bot?.stop();
  await moderation?.stop();
  await messaging?.stop();
  await sandbox?.stop();
  if (infra) {
    await deleteStreams(infra.nc, env);
    await infra.nc.close();
  }
});

describe('Discord actions requested through the bus', () => {
  it('a ban becomes a ban in the sandbox with the case audit-log reason, and its outcome comes back', async () => {
    const target = freshMember();
    const requestId = await moderate('BanMember', target, { reason: 'raiding', deleteMessageSeconds: 0 });
    const outcome = await discordOutcome(requestId);
    expect(outcome.type).toBe('DiscordActionSucceeded');
    const caseNumber = (outcome.payload as Payload).caseNumber!;
    const ban = sandbox.world.bans(guildId).find((b) => b.user.id === target);
    expect(ban?.reason).toBe(`Case #${caseNumber} — raiding — by Ada`);
    const calls = banCalls(target);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.auditLogReason).toBe(`Case #${caseNumber} — raiding — by Ada`);
    // The member record closes the request with the case number.
    await eventually(async () => {
      const { events } = await infra.store.readStream(memberRecordStreamId(guildId, target));
      return events.find((e) => e.type === 'ModerationActionApplied');
    });
  });

  it("the bot's own audit-log entry comes back as a fact and is linked to the case, not opened as a new one", async () => {
    const target = freshMember();
    const requestId = await moderate('KickMember', target, { reason: 'rude' });
    const outcome = await discordOutcome(requestId);
    const caseNumber = (outcome.payload as Payload).caseNumber!;
    await eventually(async () => {
      const { events } = await infra.store.readStream(caseStreamId(guildId, caseNumber));
      return events.find((e) => e.type === 'AuditLogEntryLinked');
    }, 15_000, 'the audit-log entry linked to the case');
    const observed = (await eventsOfType(infra.store, 'ModerationActionObserved')).filter((e) => (e.payload as Payload).target?.id === target);
    expect(observed).toHaveLength(0);
  });

  it('a ban a human moderator makes in Discord opens a case attributed to them', async () => {
    const people = sandbox.world.people(guildId);
    const target = freshMember();
    sandbox.world.ban({ guildId, moderatorId: people.moderators[1]!, userId: target, reason: 'manual ban' });
    const observed = await eventually(async () =>
      (await eventsOfType(infra.store, 'ModerationActionObserved')).find((e) => (e.payload as Payload).target?.id === target),
    15_000);
    expect(observed.actor).toMatchObject({ kind: 'discord-user', id: people.moderators[1] });
    expect((observed.payload as { reason: string }).reason).toBe('manual ban');
  });

  it('a 5xx burst delays the ban but does not lose it', async () => {
    const target = freshMember();
    sandbox.world.addFault({ kind: 'server_error', method: 'PUT', path: `/bans/${target}`, count: 3, status: 503 });
    const requestId = await moderate('BanMember', target, { reason: 'burst' });
    const outcome = await discordOutcome(requestId);
    expect(outcome.type).toBe('DiscordActionSucceeded');
    expect(banCalls(target).map((c) => c.status)).toEqual([503, 503, 503, 204]);
    expect(sandbox.world.bans(guildId).filter((b) => b.user.id === target)).toHaveLength(1);
  });

  it('a 429 storm is waited out (discord.js honours Retry-After) and the ban happens once', async () => {
    const target = freshMember();
    sandbox.world.addFault({ kind: 'rate_limit', method: 'PUT', path: `/bans/${target}`, count: 4, retryAfter: 0.2, global: false });
    const requestId = await moderate('BanMember', target, { reason: 'storm' });
    expect((await discordOutcome(requestId)).type).toBe('DiscordActionSucceeded');
    const statuses = banCalls(target).map((c) => c.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
  });

  it('a gateway drop does not hold actions back (they go over REST)', async () => {
    const target = freshMember();
    sandbox.world.disconnectGateway({ mode: 'invalidate' });
    const requestId = await moderate('BanMember', target, { reason: 'while offline' });
    expect((await discordOutcome(requestId)).type).toBe('DiscordActionSucceeded');
    expect(sandbox.world.bans(guildId).some((b) => b.user.id === target)).toBe(true);
  });

  it('a permanent 403 is recorded as a failed outcome with code 50013 and a human reason', async () => {
    const target = sandbox.world.people(quietGuildId).members[0]!;
    const requestId = await moderate('BanMember', target, { reason: 'no power here' }, quietGuildId);
    const outcome = await discordOutcome(requestId);
    expect(outcome.type).toBe('DiscordActionFailed');
    expect(outcome.payload).toMatchObject({ discordErrorCode: 50013, httpStatus: 403, reason: 'missing permission: the bot lacks Ban Members in this server' });
    expect(sandbox.world.bans(quietGuildId).some((b) => b.user.id === target)).toBe(false);
  });

  it('a target above the bot fails with "role too high"', async () => {
    const admin = sandbox.world.people(guildId).admins[0]!;
    const outcome = await discordOutcome(await moderate('KickMember', admin, { reason: 'test' }));
    expect(outcome.type).toBe('DiscordActionFailed');
    expect((outcome.payload as { reason: string }).reason).toMatch(/^role too high: user \d+'s highest role "Admin" is not below the bot's highest role "Guildhall"$/);
  });

  it('a kick of a member who already left fails with "member gone"', async () => {
    const target = freshMember();
    sandbox.world.leave({ guildId, userId: target });
    const outcome = await discordOutcome(await moderate('KickMember', target, { reason: 'gone' }));
    expect(outcome.type).toBe('DiscordActionFailed');
    expect(outcome.payload).toMatchObject({ discordErrorCode: 10007, reason: `member gone: user ${target} is no longer in the server` });
  });

  it('a timeout sets communication_disabled_until with the case reason, and an untimeout lifts it', async () => {
    const target = freshMember();
    const timeoutId = await moderate('TimeoutMember', target, { reason: 'cool down', durationSeconds: 600 });
    expect((await discordOutcome(timeoutId)).type).toBe('DiscordActionSucceeded');
    const until = sandbox.world.member(guildId, target)?.communication_disabled_until;
    expect(until && Date.parse(until)).toBeGreaterThan(Date.now() + 500_000);
    await eventually(async () => {
      const { events } = await infra.store.readStream(memberRecordStreamId(guildId, target));
      return events.find((e) => e.type === 'ModerationActionApplied');
    });
    const liftId = await moderate('RemoveMemberTimeout', target, { reason: 'calmed down' });
    expect((await discordOutcome(liftId)).type).toBe('DiscordActionSucceeded');
    expect(sandbox.world.member(guildId, target)?.communication_disabled_until ?? null).toBeNull();
  });

  it('a message requested through messaging is sent once, with the Discord message id in the outcome', async () => {
    const channel = sandbox.world.channelByName(guildId, 'general');
    const command = commandEnvelope('SendMessage', guildId, { channelId: channel.id, content: 'Welcome, everyone!', embeds: [{ title: 'Rules', description: 'Be kind' }] });
    expect((await infra.bus.send(command, { context: 'messaging', waitMs: 5_000 })).status).toBe('accepted');
    const sent = await eventually(async () => (await eventsOfType(infra.store, 'MessageSent')).find((e) => (e.payload as { requestId: string }).requestId === command.id));
    const messageId = (sent.payload as { messageId: string }).messageId;
    const message = sandbox.world.messages(channel.id).find((m) => m.id === messageId);
    expect(message?.content).toBe('Welcome, everyone!');
    expect(message?.embeds[0]?.title).toBe('Rules');
    expect(sandbox.world.messages(channel.id).filter((m) => m.content === 'Welcome, everyone!')).toHaveLength(1);
  });

  it('a message to a channel the bot cannot see fails with a human reason', async () => {
    const quietGeneral = sandbox.world.channelByName(quietGuildId, 'general');
    const admin = sandbox.world.people(quietGuildId).owner;
    const hidden = sandbox.world.createChannel({
      guildId: quietGuildId,
      actorId: admin,
      channel: { name: 'secret', type: 0, permission_overwrites: [{ id: quietGuildId, type: 0, deny: String(1 << 10), allow: '0' }] },
    });
    expect(hidden.id).not.toBe(quietGeneral.id);
    const command = commandEnvelope('SendMessage', quietGuildId, { channelId: hidden.id, content: 'hello?' });
    await infra.bus.send(command, { context: 'messaging', waitMs: 5_000 });
    const failed = await eventually(async () => (await eventsOfType(infra.store, 'MessageSendFailed')).find((e) => (e.payload as { requestId: string }).requestId === command.id));
    expect(failed.payload).toMatchObject({ discordErrorCode: 50001, reason: 'missing access: the bot cannot see that channel or server' });
  });

  it('publishes its health for the dashboard', async () => {
    // An earlier test drops the gateway: wait for the shard to be back rather than sample mid-resume.
    const status = await eventually(() => (bot.status.current().state === 'ready' ? bot.status.current() : undefined), 10_000, 'bot ready');
    expect(status.shards).toEqual([expect.objectContaining({ id: 0, status: 'Ready' })]);
    expect(status.guilds).toBe(2);
    expect(status.actions.succeeded).toBeGreaterThan(0);
  });
});
