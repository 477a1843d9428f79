import { ChannelType, MessageFlags, PresenceUpdateStatus, type Client, type Guild, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { connectBot, controlPost, nextEvent, sandbox } from './helpers.js';

/** Every dispatch a moderation bot lives on arrives as the matching discord.js event. */
describe('gateway dispatches reach discord.js as events', () => {
  let sb: SandboxHandle;
  let client: Client<true>;
  let guild: Guild;
  let general: TextChannel;
  let people: ReturnType<SandboxHandle['world']['people']>;

  beforeAll(async () => {
    sb = await sandbox({ seed: 11 });
    client = await connectBot(sb);
    guild = client.guilds.cache.get(sb.world.mainGuild().base.id)!;
    general = client.channels.cache.get(sb.world.channelByName(guild.id, 'general').id) as TextChannel;
    people = sb.world.people(guild.id);
    await guild.members.fetch();
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('GUILD_MEMBER_ADD / REMOVE for joins and leaves', async () => {
    const added = nextEvent(client, 'guildMemberAdd', (m) => m.user.username === 'fresh_face');
    const res = await controlPost(sb, '/act/join', { guildId: guild.id, username: 'fresh_face' });
    expect(res.status).toBe(200);
    const [member] = await added;
    expect(guild.members.cache.has(member.id)).toBe(true);
    const removed = nextEvent(client, 'guildMemberRemove', (m) => m.id === member.id);
    await controlPost(sb, '/act/leave', { guildId: guild.id, userId: member.id });
    await removed;
  });

  it('MESSAGE_CREATE / UPDATE / DELETE for a user, with content (MESSAGE_CONTENT intent)', async () => {
    const author = people.members[3]!;
    const created = nextEvent(client, 'messageCreate', (m) => m.author.id === author);
    const res = await controlPost(sb, '/act/message', { channelId: general.id, userId: author, content: 'buy cheap followers' });
    const sent = (await res.json()) as { id: string };
    const [msg] = await created;
    expect(msg.content).toBe('buy cheap followers');
    expect(msg.member?.id).toBe(author);
    const updated = nextEvent(client, 'messageUpdate', (_old, m) => m.id === sent.id);
    await controlPost(sb, '/act/edit-message', { channelId: general.id, messageId: sent.id, content: 'edited text' });
    const [, after] = await updated;
    expect(after.content).toBe('edited text');
    const deleted = nextEvent(client, 'messageDelete', (m) => m.id === sent.id);
    await controlPost(sb, '/act/delete-message', { channelId: general.id, messageId: sent.id, userId: author });
    await deleted;
  });

  it('MESSAGE_DELETE_BULK when the bot bulk-deletes', async () => {
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) ids.push(sb.world.sendMessage({ channelId: general.id, userId: people.members[4]!, content: text }).id);
    const bulk = nextEvent(client, 'messageDeleteBulk', (msgs) => msgs.size === 3);
    await general.bulkDelete(ids, true);
    const [msgs] = await bulk;
    expect([...msgs.keys()].sort()).toEqual([...ids].sort());
    expect(sb.world.messages(general.id).some((m) => ids.includes(m.id))).toBe(false);
  });

  it('GUILD_BAN_ADD / REMOVE and GUILD_AUDIT_LOG_ENTRY_CREATE when a moderator acts by hand', async () => {
    const mod = people.moderators[0]!;
    const target = people.members[5]!;
    const ban = nextEvent(client, 'guildBanAdd', (b) => b.user.id === target);
    const audit = nextEvent(client, 'guildAuditLogEntryCreate', (e) => e.targetId === target && e.action === 22);
    const res = await controlPost(sb, '/act/ban', { guildId: guild.id, moderatorId: mod, userId: target, reason: 'raid' });
    expect(res.status).toBe(204);
    await ban;
    const [entry] = await audit;
    expect(entry.executorId).toBe(mod);
    expect(entry.reason).toBe('raid');
    const unban = nextEvent(client, 'guildBanRemove', (b) => b.user.id === target);
    await controlPost(sb, '/act/unban', { guildId: guild.id, moderatorId: mod, userId: target });
    await unban;
  });

  it('GUILD_MEMBER_UPDATE for a timeout by a moderator and for a role added by the bot', async () => {
    const mod = people.moderators[1]!;
    const target = people.members[6]!;
    const timedOut = nextEvent(client, 'guildMemberUpdate', (_o, m) => m.id === target && m.isCommunicationDisabled());
    await controlPost(sb, '/act/timeout', { guildId: guild.id, moderatorId: mod, userId: target, durationSeconds: 600, reason: 'cool down' });
    await timedOut;
    const regular = guild.roles.cache.find((r) => r.name === 'Regular')!;
    const roleAdded = nextEvent(client, 'guildMemberUpdate', (_o, m) => m.id === target && m.roles.cache.has(regular.id));
    await guild.members.addRole({ user: target, role: regular.id, reason: 'promotion' });
    await roleAdded;
    expect(sb.world.member(guild.id, target)?.roles).toContain(regular.id);
    const last = sb.world.auditLog(guild.id).at(-1);
    expect(last?.action_type).toBe(25);
    expect(last?.reason).toBe('promotion');
  });

  it('GUILD_ROLE_CREATE / UPDATE / DELETE', async () => {
    const created = nextEvent(client, 'roleCreate', (r) => r.name === 'Helper');
    const role = await guild.roles.create({ name: 'Helper', colors: { primaryColor: 0x00ff00 }, reason: 'new team' });
    await created;
    const updated = nextEvent(client, 'roleUpdate', (_o, r) => r.id === role.id && r.name === 'Helpers');
    await role.setName('Helpers');
    await updated;
    const deleted = nextEvent(client, 'roleDelete', (r) => r.id === role.id);
    await role.delete('done');
    await deleted;
    expect(sb.world.state.guild(guild.id).roles.has(role.id)).toBe(false);
  });

  it('CHANNEL_CREATE / UPDATE / DELETE', async () => {
    const created = nextEvent(client, 'channelCreate', (c) => c.name === 'events');
    const channel = await guild.channels.create({ name: 'events', type: ChannelType.GuildText, reason: 'event season' });
    await created;
    const updated = nextEvent(client, 'channelUpdate', (_o, c) => c.id === channel.id && 'topic' in c && c.topic === 'Upcoming events');
    await channel.setTopic('Upcoming events');
    await updated;
    const deleted = nextEvent(client, 'channelDelete', (c) => c.id === channel.id);
    await channel.delete();
    await deleted;
  });

  it('PRESENCE_UPDATE', async () => {
    const user = people.members[7]!;
    const presence = nextEvent(client, 'presenceUpdate', (_o, p) => p.userId === user && p.status === 'dnd');
    await controlPost(sb, '/act/presence', { guildId: guild.id, userId: user, status: PresenceUpdateStatus.DoNotDisturb, activities: [{ name: 'Chess', type: 0 }] });
    const [, p] = await presence;
    expect(p.activities[0]?.name).toBe('Chess');
  });

  it('INTERACTION_CREATE for a slash command; the reply and follow-up are recorded', async () => {
    await client.application.commands.set([
      { name: 'warn', description: 'Warn a member', options: [{ name: 'user', description: 'who', type: 6, required: true }, { name: 'reason', description: 'why', type: 3 }] },
    ]);
    const mod = people.moderators[0]!;
    const target = people.members[8]!;
    client.once('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const user = interaction.options.getUser('user', true);
      await interaction.deferReply();
      await interaction.editReply(`warned ${user.username}: ${interaction.options.getString('reason')}`);
      await interaction.followUp({ content: 'logged', flags: MessageFlags.Ephemeral });
    });
    const res = await controlPost(sb, '/interactions', {
      guildId: guild.id,
      channelId: general.id,
      userId: mod,
      command: 'warn',
      options: [{ name: 'user', type: 6, value: target }, { name: 'reason', value: 'spam' }],
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    type View = { responses: { kind: string }[]; original: { content: string; flags: number } | null; followups: { content: string; flags: number }[] };
    const read = async (): Promise<View> => (await (await fetch(`${sb.url}/_sandbox/interactions/${id}`)).json()) as View;
    let view = await read();
    for (let i = 0; i < 50 && view.followups.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await read();
    }
    expect(view?.responses.map((r) => r.kind)).toEqual(['callback', 'edit_original', 'followup']);
    expect(view?.original?.content).toBe(`warned ${sb.world.state.user(target).username}: spam`);
    expect(view?.followups[0]?.content).toBe('logged');
    expect((view?.followups[0]?.flags ?? 0) & 64).toBe(64);
    // The reply is a channel message; the ephemeral follow-up is not.
    expect(sb.world.messages(general.id).some((m) => m.content.startsWith('warned'))).toBe(true);
    expect(sb.world.messages(general.id).some((m) => m.content === 'logged')).toBe(false);
  });

  it('DMs: the bot opens a DM channel and sends to a member', async () => {
    const user = await client.users.fetch(people.members[9]!);
    const dm = await user.send('Your appeal was received');
    expect(dm.channel.type).toBe(ChannelType.DM);
    const snapshot = sb.world.snapshot();
    expect(snapshot.dm_channels.some((d) => d.messages.some((m) => m.id === dm.id))).toBe(true);
    // …and the user writes back in the same DM channel (DIRECT_MESSAGES intent).
    const reply = nextEvent(client, 'messageCreate', (m) => m.channel.id === dm.channel.id && m.author.id === user.id);
    const res = await controlPost(sb, '/act/dm', { userId: user.id, content: 'thanks!' });
    expect(res.status).toBe(200);
    const [m] = await reply;
    expect(m.content).toBe('thanks!');
    expect(m.guildId).toBeNull();
  });
});
