import { randomBytes } from 'node:crypto';
import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { aggregateStream, ensureDatabase } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { caseStreamId, memberRecordDecider, memberRecordStreamId, type MemberRecordEvent, type MemberRecordState } from '@guildhall/moderation';
import { startModerationService, type ModerationService } from '@guildhall/moderation/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/bot.js';
import type { BotSettings } from '../src/settings.js';
import { commandEnvelope, connectInfra, deleteStreams, eventually, readFacts, settingsFor, startTestSandbox, testLogger, uniqueEnv, type Infra } from './support.js';

/**
 * "Discord is the truth": Guildhall (bot + moderation service) stops, Discord changes while it
 * is away, Guildhall starts again and its member records follow Discord. Real sandbox, real
 * NATS, real PostgreSQL; the moderation service is the one `main` runs.
 */
const env = uniqueEnv('reconcile');
const database = `gh_test_reconcile_${randomBytes(4).toString('hex')}`;
const baseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const databaseUrl = Object.assign(new URL(baseUrl), { pathname: `/${database}` }).toString();

let sandbox: SandboxHandle;
let settings: BotSettings;
let infra: Infra;
let pool: pg.Pool;
let bot: Bot | undefined;
let moderation: ModerationService | undefined;
let guildId: string;
let human: string;

type Payload = { requestId?: string; caseNumber?: number; action?: string };

const startGuildhall = async (): Promise<void> => {
  moderation = await startModerationService({
    nc: infra.nc,
    store: infra.store,
    bus: infra.bus,
    pool,
    streamName: infra.store.streamName,
    subjectPrefix: infra.store.subjectPrefix,
    logger: testLogger,
    process: { ackWaitMs: 2_000 },
  });
  bot = await startBot({ settings, logger: testLogger, nc: infra.nc });
};

const stopGuildhall = async (): Promise<void> => {
  await bot?.stop();
  await moderation?.stop();
  bot = undefined;
  moderation = undefined;
};

const recordOf = async (userId: string): Promise<{ state: MemberRecordState; events: readonly EventEnvelope[] }> =>
  aggregateStream(infra.store, memberRecordStreamId(guildId, userId), {
    initialState: memberRecordDecider.initialState,
    evolve: memberRecordDecider.evolve,
    eventOf: (e) => ({ type: e.type, data: e.payload }) as MemberRecordEvent,
  });

const eventsOf = async (userId: string, type: string) => (await recordOf(userId)).events.filter((e) => e.type === type);

/** Bans (or times out) through the bus as a dashboard moderator; resolves once Discord did it and the record says so. */
const moderate = async (type: 'BanMember' | 'TimeoutMember', userId: string, extra: Record<string, unknown> = {}): Promise<number> => {
  const command = commandEnvelope(type, guildId, { target: { id: userId, name: `user-${userId.slice(-4)}` }, reason: 'spam', ...extra });
  const result = await infra.bus.send(command, { context: 'moderation', waitMs: 5_000 });
  expect(result).toMatchObject({ status: 'accepted' });
  return eventually(
    async () => {
      const applied = (await eventsOf(userId, 'ModerationActionApplied')).find((e) => (e.payload as Payload).requestId === command.id);
      return applied && (applied.payload as Payload).caseNumber;
    },
    20_000,
    `${type} of ${userId} applied`,
  );
};

const member = (): string => sandbox.world.join({ guildId }).user.id;
const bannedInDiscord = (userId: string): boolean => sandbox.world.bans(guildId).some((b) => b.user.id === userId);

beforeAll(async () => {
  await ensureDatabase(databaseUrl);
  pool = new pg.Pool({ connectionString: databaseUrl, max: 6 });
  // The database is dropped WITH (FORCE) at the end: a client still closing then hears "terminated".
  pool.on('error', () => undefined);
  sandbox = await startTestSandbox();
  settings = settingsFor(env, sandbox);
  infra = await connectInfra(settings, 'reconcile-test');
  guildId = sandbox.world.mainGuild().base.id;
  human = sandbox.world.people(guildId).moderators[1]!;
  await startGuildhall();
});

afterAll(async () => {
  await stopGuildhall().catch(() => undefined);
  await sandbox?.stop();
  if (infra) {
    await deleteStreams(infra.nc, env);
    await infra.nc.close();
  }
  await pool?.end();
  const admin = new pg.Client({ connectionString: baseUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
});

describe('after downtime, member records match Discord', () => {
  const unbannedWhileAway = { id: '' };
  const bannedWhileAway = { id: '' };
  const stillBanned = { id: '' };
  const timeoutEnded = { id: '' };
  const timedOutWhileAway = { id: '' };
  let firstCase = 0;

  it('an unban and a ban by a human, a timeout ended early and one set, while Guildhall was down, become observed actions', async () => {
    unbannedWhileAway.id = member();
    bannedWhileAway.id = member();
    stillBanned.id = member();
    timeoutEnded.id = member();
    timedOutWhileAway.id = member();
    firstCase = await moderate('BanMember', unbannedWhileAway.id);
    await moderate('BanMember', stillBanned.id);
    await moderate('TimeoutMember', timeoutEnded.id, { durationSeconds: 3600 });
    expect(bannedInDiscord(unbannedWhileAway.id)).toBe(true);
    // The bot's own audit entries are in the DISCORD stream: the catch-up cursor after the restart.
    await eventually(async () => (await eventsOf(stillBanned.id, 'DiscordAuditActionLinked')).length > 0, 15_000, 'own ban linked');
    // First sight of the guild: no "while away" yet, so the seed's old bans are not imported as cases.
    const firstFacts = await readFacts(infra.nc, env.DISCORD_STREAM!);
    expect(firstFacts.some((f) => f.type === 'guild-snapshot')).toBe(true);
    expect(firstFacts.filter((f) => f.type === 'sanctions-snapshot')).toEqual([]);
    for (const b of sandbox.world.bans(guildId).filter((x) => ![unbannedWhileAway.id, stillBanned.id].includes(x.user.id))) {
      expect((await recordOf(b.user.id)).events).toEqual([]);
    }
    await stopGuildhall();

    sandbox.world.unban({ guildId, moderatorId: human, userId: unbannedWhileAway.id, reason: 'appeal accepted' });
    sandbox.world.ban({ guildId, moderatorId: human, userId: bannedWhileAway.id, reason: 'raid while you were out' });
    sandbox.world.timeout({ guildId, moderatorId: human, userId: timeoutEnded.id, durationSeconds: 0 });
    const until = sandbox.world.timeout({ guildId, moderatorId: human, userId: timedOutWhileAway.id, durationSeconds: 7200, reason: 'cool down' }).communication_disabled_until;

    await startGuildhall();
    await eventually(async () => (await readFacts(infra.nc, env.DISCORD_STREAM!)).some((f) => f.type === 'sanctions-snapshot'), 20_000, 'a sanctions snapshot');
    const lift = await eventually(async () => (await eventsOf(unbannedWhileAway.id, 'ModerationActionApplied')).find((e) => (e.payload as Payload).action === 'unban'), 30_000, 'the unban observed');
    expect(lift.payload).toMatchObject({ liftsCaseNumber: firstCase, moderator: { kind: 'discord-user', id: human } });
    await eventually(async () => (await recordOf(unbannedWhileAway.id)).state.ban === null, 10_000, 'record unbanned');

    const ban = await eventually(async () => (await eventsOf(bannedWhileAway.id, 'ModerationActionApplied')).find((e) => (e.payload as Payload).action === 'ban'), 30_000, 'the ban observed');
    const caseNumber = (ban.payload as Payload).caseNumber!;
    const opened = await eventually(async () => (await infra.store.readStream(caseStreamId(guildId, caseNumber))).events.find((e) => e.type === 'CaseOpened'), 10_000, 'case opened');
    expect(opened.payload).toMatchObject({ origin: 'discord', action: 'ban', moderator: { kind: 'discord-user', id: human }, reason: 'raid while you were out' });
    expect((await recordOf(bannedWhileAway.id)).state.ban).toMatchObject({ status: 'active', caseNumber });

    await eventually(async () => (await eventsOf(timeoutEnded.id, 'ModerationActionApplied')).some((e) => (e.payload as Payload).action === 'untimeout'), 30_000, 'the untimeout observed');
    expect((await recordOf(timeoutEnded.id)).state.timeout).toBeNull();

    const timeout = await eventually(async () => (await eventsOf(timedOutWhileAway.id, 'ModerationActionObserved')).find((e) => (e.payload as Payload).action === 'timeout'), 30_000, 'the timeout observed');
    expect(timeout.payload).toMatchObject({ moderator: { kind: 'discord-user', id: human }, reason: 'cool down', expiresAt: new Date(until!).toISOString() });
  });

  it('nothing is doubled: one observed action per change (the catch-up entry and the snapshot agree), none for a member Discord agrees on', async () => {
    // Let the live audit facts and the snapshot both be routed and decided.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await eventsOf(unbannedWhileAway.id, 'ModerationActionObserved')).toHaveLength(1);
    expect(await eventsOf(bannedWhileAway.id, 'ModerationActionObserved')).toHaveLength(1);
    expect(await eventsOf(timeoutEnded.id, 'ModerationActionObserved')).toHaveLength(1);
    expect(await eventsOf(timedOutWhileAway.id, 'ModerationActionObserved')).toHaveLength(1);
    expect(await eventsOf(stillBanned.id, 'ModerationActionObserved')).toHaveLength(0);
    expect((await recordOf(stillBanned.id)).state.ban).toMatchObject({ status: 'active' });
  });

  it('the member unbanned while away can be banned again with /ban (no ALREADY_BANNED)', async () => {
    const channelId = sandbox.world.channelByName(guildId, 'mod-chat').id;
    const moderator = sandbox.world.people(guildId).moderators[0]!;
    const view = sandbox.world.invokeCommand({ guildId, channelId, userId: moderator, command: 'ban', options: [{ name: 'user', value: unbannedWhileAway.id }, { name: 'reason', value: 'again' }] });
    const reply = await eventually(() => {
      const content = sandbox.world.interaction(view.id).original?.content ?? '';
      return content && !content.startsWith('⏳') ? content : undefined;
    }, 20_000, 'the reply to /ban');
    expect(reply).toMatch(/^✅ Banned .* — case #\d+\.$/);
    expect(Number(/case #(\d+)/.exec(reply)?.[1])).toBeGreaterThan(firstCase);
    expect(bannedInDiscord(unbannedWhileAway.id)).toBe(true);
    await eventually(async () => (await recordOf(unbannedWhileAway.id)).state.ban?.status === 'active', 10_000, 'record banned again');
  });

  it('a fresh sandbox (no bans, no audit log) unbans every record, attributed to "Discord (while Guildhall was away)"', async () => {
    await stopGuildhall();
    await sandbox.stop();
    sandbox = await startTestSandbox();
    settings = settingsFor(env, sandbox);
    expect(sandbox.world.mainGuild().base.id).toBe(guildId);
    // The seed's own old bans come back; none of ours.
    const ours = [unbannedWhileAway.id, bannedWhileAway.id, stillBanned.id];
    const seeded = sandbox.world.bans(guildId).map((b) => b.user.id);
    expect(seeded.filter((id) => ours.includes(id))).toEqual([]);
    await startGuildhall();
    for (const userId of [unbannedWhileAway.id, bannedWhileAway.id, stillBanned.id]) {
      await eventually(async () => (await recordOf(userId)).state.ban === null, 30_000, `${userId} unbanned`);
      const unbans = (await eventsOf(userId, 'ModerationActionObserved')).filter((e) => (e.payload as Payload).action === 'unban');
      expect(unbans.at(-1)?.payload).toMatchObject({ moderator: { kind: 'system', name: 'Discord (while Guildhall was away)' }, auditLogEntryId: null });
    }
    // Bans Discord has and Guildhall did not know of (the seed's, made before Guildhall first saw the
    // guild and so not imported then) are observed now that Guildhall has a past in the guild.
    for (const userId of seeded) {
      await eventually(async () => (await recordOf(userId)).state.ban?.status === 'active', 30_000, `${userId} banned`);
    }
  });
});
