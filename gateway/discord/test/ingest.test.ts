import { PresenceUpdateStatus } from 'discord.js';
import type { SandboxHandle } from '@guildhall/discord-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../src/bot.js';
import type { DiscordFact } from '../src/facts/index.js';
import type { BotSettings } from '../src/settings.js';
import { connectInfra, deleteStreams, eventually, readFacts, settingsFor, startTestSandbox, testLogger, uniqueEnv, type Infra } from './support.js';

const env = uniqueEnv('ingest');
let sandbox: SandboxHandle;
let settings: BotSettings;
let infra: Infra;
let bot: Bot;
let guildId: string;

const facts = () => readFacts(infra.nc, settings.DISCORD_STREAM);
const factsOf = async <T extends DiscordFact['type']>(type: T): Promise<Extract<DiscordFact, { type: T }>[]> =>
  (await facts()).filter((f): f is Extract<DiscordFact, { type: T }> => f.type === type);

beforeAll(async () => {
  sandbox = await startTestSandbox();
  settings = settingsFor(env, sandbox, { ACTION_CONTEXTS: 'moderation' });
  infra = await connectInfra(settings, 'ingest-test');
  guildId = sandbox.world.mainGuild().base.id;
  bot = await startBot({ settings, logger: testLogger, nc: infra.nc, parts: { factRouter: false, executor: false } });
});

afterAll(async () => {
  await bot?.stop();
  await sandbox?.stop();
  if (infra) {
    await deleteStreams(infra.nc, env);
    await infra.nc.close();
  }
});

describe('gateway events become facts on discord.<guildId>.<event>', () => {
  it('publishes a snapshot of each guild (roles, channels, every member) after READY', async () => {
    const snapshot = await eventually(async () => (await factsOf('guild-snapshot')).find((f) => f.guildId === guildId), 15_000, 'snapshot');
    const chunks = await eventually(async () => {
      const list = (await factsOf('guild-members-chunk')).filter((f) => f.payload.snapshotId === snapshot.payload.snapshotId);
      return list.length === snapshot.payload.memberChunkCount ? list : undefined;
    });
    const members = chunks.flatMap((c) => c.payload.members);
    expect(members.length).toBe(sandbox.world.members(guildId).length);
    expect(snapshot.payload.roles.map((r) => r.name)).toContain('Moderator');
    expect(snapshot.payload.channels.map((c) => c.name)).toContain('general');
    expect(snapshot.payload.trigger).toBe('ready');
  });

  it('a member joining becomes a member-joined fact with a deterministic id', async () => {
    const joined = sandbox.world.join({ guildId, username: 'new_member' });
    const fact = await eventually(async () => (await factsOf('member-joined')).find((f) => f.payload.member.user.id === joined.user.id));
    expect(fact.guildId).toBe(guildId);
    expect(fact.payload.member.user.username).toBe('new_member');
    expect(fact.payload.member.joinedAt).toBe(new Date(joined.joined_at ?? 0).toISOString());
  });

  it('messages: create with content, edit with before and after, delete with the last content', async () => {
    const general = sandbox.world.channelByName(guildId, 'general');
    const author = sandbox.world.people(guildId).members[0]!;
    const sent = sandbox.world.sendMessage({ channelId: general.id, userId: author, content: 'first words' });
    const created = await eventually(async () => (await factsOf('message-created')).find((f) => f.payload.messageId === sent.id));
    expect(created.payload.content).toBe('first words');
    expect(created.payload.author.id).toBe(author);

    sandbox.world.editMessage({ channelId: general.id, messageId: sent.id, content: 'second words' });
    const edited = await eventually(async () => (await factsOf('message-updated')).find((f) => f.payload.messageId === sent.id));
    expect(edited.payload.before?.content).toBe('first words');
    expect(edited.payload.after.content).toBe('second words');

    sandbox.world.deleteMessage({ channelId: general.id, messageId: sent.id, userId: author });
    const deleted = await eventually(async () => (await factsOf('message-deleted')).find((f) => f.payload.messageId === sent.id));
    expect(deleted.payload.lastKnownContent).toBe('second words');
    expect(deleted.payload.author?.id).toBe(author);
  });

  it('a ban by a human moderator: ban-added and the audit-log entry with executor and reason', async () => {
    const people = sandbox.world.people(guildId);
    const moderator = people.moderators[0]!;
    const target = people.members[5]!;
    sandbox.world.ban({ guildId, moderatorId: moderator, userId: target, reason: 'spam links' });
    await eventually(async () => (await factsOf('ban-added')).find((f) => f.payload.user.id === target));
    const entry = await eventually(async () => (await factsOf('audit-log-entry')).find((f) => f.payload.targetId === target && f.payload.actionName === 'MemberBanAdd'));
    expect(entry.payload.executor?.id).toBe(moderator);
    expect(entry.payload.executorIsSelf).toBe(false);
    expect(entry.payload.reason).toBe('spam links');
  });

  it('member updates carry the roles before and after', async () => {
    const people = sandbox.world.people(guildId);
    const admin = people.admins[0]!;
    const target = people.members[8]!;
    const artist = sandbox.world.roleByName(guildId, 'Artist');
    const hadIt = (sandbox.world.member(guildId, target)?.roles ?? []).includes(artist.id);
    sandbox.world.setRoles({ guildId, moderatorId: admin, userId: target, ...(hadIt ? { remove: [artist.id] } : { add: [artist.id] }) });
    const update = await eventually(async () => (await factsOf('member-updated')).find((f) => f.payload.user.id === target));
    expect(update.payload.before).not.toBeNull();
    expect(hadIt ? update.payload.rolesRemoved : update.payload.rolesAdded).toEqual([artist.id]);
  });

  it('role and channel changes, and aggregated presence counts', async () => {
    const admin = sandbox.world.people(guildId).admins[0]!;
    const role = sandbox.world.createRole({ guildId, actorId: admin, role: { name: 'Helpers' } });
    await eventually(async () => (await factsOf('role-created')).find((f) => f.payload.role.id === role.id));
    const channel = sandbox.world.createChannel({ guildId, actorId: admin, channel: { name: 'events', type: 0 } });
    await eventually(async () => (await factsOf('channel-created')).find((f) => f.payload.channel.id === channel.id));
    const member = sandbox.world.people(guildId).members[2]!;
    sandbox.world.setPresence({ guildId, userId: member, status: PresenceUpdateStatus.DoNotDisturb });
    // The latest window's counts add up to the members then present (earlier tests' joins and
    // leaves may land in an earlier window, so wait for a window that has seen them all).
    const counts = await eventually(
      async () => {
        const last = (await factsOf('presence-counts')).filter((f) => f.guildId === guildId).at(-1);
        const c = last?.payload.counts;
        return c && c.online + c.idle + c.dnd + c.offline === sandbox.world.members(guildId).length ? last : undefined;
      },
      5_000,
      'presence counts matching the member list',
    );
    expect(counts.payload.counts.dnd).toBeGreaterThan(0);
  });

  it('a gateway drop loses no facts: the session resumes and Discord replays what was missed', async () => {
    const sessions = () => bot.ingest?.snapshot().sessions[0];
    const session = sessions();
    sandbox.world.disconnectGateway({ code: 4000 });
    const joined = sandbox.world.join({ guildId, username: 'joined_while_down' });
    const fact = await eventually(async () => (await factsOf('member-joined')).find((f) => f.payload.member.user.id === joined.user.id), 15_000);
    expect(fact.payload.member.user.username).toBe('joined_while_down');
    expect(sessions()).toBe(session);
  });

  it('an invalidated session re-identifies and publishes a fresh snapshot', async () => {
    const before = (await factsOf('guild-snapshot')).filter((f) => f.guildId === guildId).length;
    sandbox.world.disconnectGateway({ mode: 'invalidate' });
    await eventually(async () => (await factsOf('guild-snapshot')).filter((f) => f.guildId === guildId).length > before, 20_000, 'a new snapshot');
  });

  it('runs the shards its settings name: a replica on shard 1 of 2 gets the guilds Discord routes there (none here)', async () => {
    const other = await startBot({
      settings: { ...settings, BOT_INSTANCE_ID: `${settings.BOT_INSTANCE_ID}_s1`, DISCORD_SHARDS: [1], DISCORD_SHARD_COUNT: 2 },
      logger: testLogger,
      nc: infra.nc,
      parts: { factRouter: false, executor: false },
    });
    try {
      // Both seeded guilds have (id >> 22) % 2 === 0: they belong to shard 0.
      expect(sandbox.world.guilds().every((g) => Number((BigInt(g.base.id) >> 22n) % 2n) === 0)).toBe(true);
      expect(other.client.guilds.cache.size).toBe(0);
      expect(other.status.current().shards).toEqual([expect.objectContaining({ id: 1, status: 'Ready' })]);
      expect(other.status.current().shardCount).toBe(2);
      expect(sandbox.world.gatewaySessions().some((s) => s.connected && s.shard[0] === 1 && s.shard[1] === 2)).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('a second replica on the same shard does not double the facts that have a natural id', async () => {
    const second = await startBot({
      settings: { ...settings, BOT_INSTANCE_ID: `${settings.BOT_INSTANCE_ID}_b`, SLASH_COMMANDS: false },
      logger: testLogger,
      nc: infra.nc,
      parts: { factRouter: false, executor: false },
    });
    try {
      const duplicates = () => bot.publisher.snapshot().duplicates + second.publisher.snapshot().duplicates;
      // The second replica's snapshot has its own session; wait until it is in, then count.
      await eventually(async () => (await factsOf('guild-snapshot')).filter((f) => f.guildId === guildId).length >= 2);
      const before = duplicates();
      const general = sandbox.world.channelByName(guildId, 'general');
      const sent = sandbox.world.sendMessage({ channelId: general.id, userId: sandbox.world.people(guildId).members[1]!, content: 'once' });
      // Both replicas saw it: one stored it, the other's publish was reported as a duplicate.
      await eventually(() => duplicates() > before, 5_000, 'a deduplicated publish');
      expect((await factsOf('message-created')).filter((f) => f.payload.messageId === sent.id)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
