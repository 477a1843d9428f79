import { caseAppealsStreamId } from '@guildhall/appeals';
import { startSandbox, type SandboxHandle } from '@guildhall/discord-sandbox';
import { createLogger, type CommandConsumer } from '@guildhall/eventing';
import { eventually, openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { loadBotSettings, startBot, type Bot } from '@guildhall/gateway-discord';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { caseStreamId } from '@guildhall/moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport } from '../src/email-transport.js';
import { startNotifier, type Notifier } from '../src/notifier.js';
import { startSmtpCatcher, type SmtpCatcher } from '@guildhall/mail-catcher';
import { appendEvent, eventsOf } from './support.js';

const logger = createLogger('notifier-discord-test', process.env.LOG_LEVEL ?? 'silent');
let world: BusTestWorld | undefined;
let sandbox: SandboxHandle | undefined;
let bot: Bot | undefined;
let messaging: CommandConsumer | undefined;
let notifier: Notifier | undefined;
let smtp: SmtpCatcher | undefined;
let guildId: string;
let staffChannelId: string;

const caseOpened = (caseNumber: number, action: 'timeout' | 'ban', userId: string) => {
  const now = new Date();
  return {
    requestId: `req-${caseNumber}`,
    origin: 'guildhall',
    action,
    target: { id: userId, name: null },
    moderator: { kind: 'dashboard-user', id: '200000000000000001', name: 'Ada' },
    reason: 'spamming links',
    durationSeconds: action === 'timeout' ? 3600 : null,
    expiresAt: action === 'timeout' ? new Date(now.getTime() + 3600_000).toISOString() : null,
    deleteMessageSeconds: null,
    bulkId: null,
    auditLogEntryId: null,
    liftsCaseNumber: null,
    requestedAt: now.toISOString(),
    caseNumber,
    openedAt: now.toISOString(),
  };
};

/** The notification of a trigger event on one channel, once settled (sent or given up). */
const settled = (triggerId: string) =>
  eventually(
    async () => {
      const all = await world!.store.readAll();
      const queued = all.find((e) => e.type === 'NotificationQueued' && (e.payload as { trigger: { eventId: string } }).trigger.eventId === triggerId);
      if (!queued) return undefined;
      const end = all.find((e) => e.streamId === queued.streamId && (e.type === 'NotificationSent' || e.type === 'NotificationGivenUp'));
      return end ? { queued, end } : undefined;
    },
    30_000,
    `the notification of ${triggerId} settled`,
  );

beforeAll(async () => {
  world = await openBusTestWorld('notifier_discord');
  const { bus: b, events } = world.names;
  sandbox = await startSandbox({ port: 0, seed: 1, simulator: { enabled: false }, heartbeatIntervalMs: 1_000 });
  guildId = sandbox.world.mainGuild().base.id;
  staffChannelId = sandbox.world.channelByName(guildId, 'mod-chat').id;
  const id = events.streamName;
  const settings = loadBotSettings({
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    EVENTS_STREAM: events.streamName,
    EVENTS_SUBJECT_PREFIX: events.subjectPrefix,
    COMMANDS_STREAM: b.streamName,
    COMMANDS_SUBJECT_PREFIX: b.subjectPrefix,
    COMMAND_RESULTS_BUCKET: b.resultsBucket,
    DEAD_LETTERS_STREAM: b.deadLetterStream,
    DEAD_LETTERS_SUBJECT_PREFIX: b.deadLetterPrefix,
    DISCORD_STREAM: `DISC_${id}`,
    DISCORD_SUBJECT_PREFIX: `disc_${id}`,
    STATUS_BUCKET: `STATUS_${id}`,
    STATUS_SUBJECT_PREFIX: `status_${id}`,
    BOT_INSTANCE_ID: `bot_${id}`,
    ACTION_ACK_WAIT_MS: '2000',
    ACTION_RETRY_BASE_MS: '100',
    MUSIC: 'false',
    SANDBOX_URL: sandbox.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  messaging = await registerMessaging(world.bus, world.store);
  bot = await startBot({ settings, logger, nc: world.nc, parts: { gateway: true, factRouter: false, executor: true } });
  smtp = await startSmtpCatcher();
  notifier = await startNotifier({
    nc: world.nc,
    store: world.store,
    bus: world.bus,
    logger,
    streamName: events.streamName,
    subjectPrefix: events.subjectPrefix,
    email: smtpTransport({ url: smtp.url, from: 'Guildhall <guildhall@test>', timeoutMs: 2_000 }),
    publicUrl: 'http://guildhall.test',
    linkSecret: 'notifier-discord-test-secret',
    retry: { maxAttempts: 3, backoffMs: [200] },
    staffChannels: { [guildId]: staffChannelId },
    discordWaitMs: 15_000,
    consumerPrefix: `notifier_${id}`,
    ackWaitMs: 5_000,
  });
});

afterAll(async () => {
  await notifier?.stop();
  await bot?.stop();
  await messaging?.stop();
  await sandbox?.stop();
  await smtp?.stop();
  if (world) {
    for (const s of [`DISC_${world.names.events.streamName}`, `KV_STATUS_${world.names.events.streamName}`]) await world.nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
    await world.close();
  }
});

describe('DMs and staff posts through messaging, the real bot and the sandbox', () => {
  it('a timeout DMs the member with the reason and the appeal link; the DM is in the sandbox', async () => {
    const userId = sandbox!.world.people(guildId).members[2]!;
    const trigger = await appendEvent(world!.store, caseStreamId(guildId, 41), guildId, 'CaseOpened', caseOpened(41, 'timeout', userId));
    const { end } = await settled(trigger);
    expect(end.type).toBe('NotificationSent');
    const dm = (await eventsOf(world!.store, 'DirectMessageSent')).find((e) => (e.payload as { userId: string }).userId === userId)!;
    const { channelId, messageId } = dm.payload as { channelId: string; messageId: string };
    const inSandbox = sandbox!.world.messages(channelId).find((m) => m.id === messageId)!;
    expect(inSandbox.content).toContain('You were timed out');
    expect(inSandbox.content).toContain('Reason: spamming links');
    expect(inSandbox.content).toContain(`You can appeal: http://guildhall.test/me#guild-${guildId}`);
    expect(inSandbox.author.bot).toBe(true);
  });

  it('a timeout a human did in Discord itself (an observed case) DMs the member when fresh; one caught up 3 days late queues nothing', async () => {
    const userId = sandbox!.world.people(guildId).members[6]!;
    // An audit-log entry's id made at a moment (a snowflake's top bits are ms since the Discord epoch).
    const entryAt = (ms: number) => ((BigInt(ms) - 1_420_070_400_000n) << 22n).toString();
    const observed = (caseNumber: number, entryId: string) => ({
      ...caseOpened(caseNumber, 'timeout', userId),
      requestId: `audit-${entryId}`,
      origin: 'discord',
      moderator: { kind: 'discord-user', id: '200000000000000002', name: 'Human Mod' },
      reason: 'flooding #general',
      auditLogEntryId: entryId,
    });
    const old = await appendEvent(world!.store, caseStreamId(guildId, 45), guildId, 'CaseOpened', observed(45, entryAt(Date.now() - 3 * 86_400_000)));
    const fresh = await appendEvent(world!.store, caseStreamId(guildId, 46), guildId, 'CaseOpened', observed(46, entryAt(Date.now() - 5_000)));
    const { end } = await settled(fresh);
    expect(end.type).toBe('NotificationSent');
    const dm = (await eventsOf(world!.store, 'DirectMessageSent')).find((e) => (e.payload as { userId: string }).userId === userId)!;
    const { channelId, messageId } = dm.payload as { channelId: string; messageId: string };
    const inSandbox = sandbox!.world.messages(channelId).find((m) => m.id === messageId)!;
    expect(inSandbox.content).toContain('You were timed out');
    expect(inSandbox.content).toContain('case #46');
    expect(inSandbox.content).toContain('Reason: flooding #general');
    // Every trigger handled (none pending, none unacknowledged): the old case was passed over, not queued.
    const consumer = `$JS.API.CONSUMER.INFO.${world!.names.events.streamName}.notifier_${world!.names.events.streamName}-triggers-moderation`;
    await eventually(async () => {
      const info = (await world!.nc.request(consumer, '', { timeout: 5_000 })).json<{ num_pending: number; num_ack_pending: number }>();
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    }, 20_000, 'the moderation triggers handled');
    const queued = (await eventsOf(world!.store, 'NotificationQueued')).filter((e) => (e.payload as { trigger: { eventId: string } }).trigger.eventId === old);
    expect(queued).toEqual([]);
  });

  it('a member who shares no server with the bot cannot be DMed: given up at once (50007), shown as failed', async () => {
    const stranger = sandbox!.world.bans(guildId)[0]!.user.id;
    const trigger = await appendEvent(world!.store, caseStreamId(guildId, 42), guildId, 'CaseOpened', caseOpened(42, 'ban', stranger));
    const { end } = await settled(trigger);
    expect(end.type).toBe('NotificationGivenUp');
    expect(end.payload).toMatchObject({ attempts: 1, code: 'DISCORD_50007' });
  });

  it('a new appeal is posted in the staff channel with the review link', async () => {
    const userId = sandbox!.world.people(guildId).members[3]!;
    const now = new Date().toISOString();
    const trigger = await appendEvent(world!.store, caseAppealsStreamId(guildId, 43), guildId, 'AppealSubmitted', {
      appealId: `${guildId}-43-1`,
      guildId,
      caseNumber: 43,
      appellantId: userId,
      statement: 'I was not spamming, it was a bot on my account.',
      answers: [],
      submittedAt: now,
      appealedCase: { targetId: userId, moderatorId: '200000000000000001', action: 'ban', hidden: false },
      reviewDueAt: now,
    });
    const { end } = await settled(trigger);
    expect(end.type).toBe('NotificationSent');
    const post = sandbox!.world.messages(staffChannelId).find((m) => m.id === (end.payload as { providerId: string }).providerId)!;
    expect(post.content).toContain('New appeal of case #43');
    expect(post.content).toContain('> I was not spamming');
    expect(post.content).toContain(`Review: http://guildhall.test/g/${guildId}/appeals?appeal=${guildId}-43-1`);
  });
});
