import type { Client, TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { connectBot, nextEvent, sandbox } from './helpers.js';

describe('discord.js logs in and acts against the sandbox', () => {
  let sb: SandboxHandle;
  let client: Client<true>;

  beforeAll(async () => {
    sb = await sandbox({ seed: 7 });
    client = await connectBot(sb);
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('receives READY and a GUILD_CREATE per guild', () => {
    expect(client.user.id).toBe(sb.bot.userId);
    expect(client.application.id).toBe(sb.bot.applicationId);
    const names = client.guilds.cache.map((g) => g.name).sort();
    expect(names).toEqual(['Guildhall Sandbox', 'Quiet Corner']);
    const main = client.guilds.cache.get(sb.world.mainGuild().base.id);
    expect(main?.memberCount).toBe(sb.world.members(main!.id).length);
    expect(main?.channels.cache.find((c) => c.name === 'general')).toBeDefined();
    expect(main?.roles.cache.find((r) => r.name === 'Moderator')).toBeDefined();
    // GUILD_CREATE of a large guild carries the bot plus online members, with presences.
    expect(main?.members.cache.has(sb.bot.userId)).toBe(true);
    expect(main?.presences.cache.size).toBeGreaterThan(0);
  });

  it('fetches every member through op 8 / GUILD_MEMBERS_CHUNK', async () => {
    const main = client.guilds.cache.get(sb.world.mainGuild().base.id)!;
    const members = await main.members.fetch();
    expect(members.size).toBe(sb.world.members(main.id).length);
    const some = await main.members.fetch({ query: members.find((m) => !m.user.bot)!.user.username.slice(0, 3), limit: 5 });
    expect(some.size).toBeGreaterThan(0);
  });

  it('sends a message with an embed; it lands in the sandbox state', async () => {
    const guildId = sb.world.mainGuild().base.id;
    const channel = client.channels.cache.get(sb.world.channelByName(guildId, 'general').id) as TextChannel;
    const created = nextEvent(client, 'messageCreate', (m) => m.author.id === sb.bot.userId);
    const sent = await channel.send({ content: 'hello <@' + sb.world.people(guildId).members[0] + '>', embeds: [{ title: 'Report', description: 'all good' }] });
    const [seen] = await created;
    expect(seen.id).toBe(sent.id);
    expect(sent.mentions.users.size).toBe(1);
    const stored = sb.world.messages(channel.id).find((m) => m.id === sent.id);
    expect(stored?.embeds[0]?.title).toBe('Report');
    const state = (await (await fetch(`${sb.url}/_sandbox/state`)).json()) as { guilds: { id: string; messages: { id: string }[] }[] };
    expect(state.guilds.find((g) => g.id === guildId)?.messages.some((m) => m.id === sent.id)).toBe(true);
  });

  it('bans with a reason: GUILD_BAN_ADD arrives, the ban and its audit entry are in state', async () => {
    const guildId = sb.world.mainGuild().base.id;
    const guild = client.guilds.cache.get(guildId)!;
    const target = sb.world.people(guildId).members[1]!;
    const banEvent = nextEvent(client, 'guildBanAdd', (b) => b.user.id === target);
    const removed = nextEvent(client, 'guildMemberRemove', (m) => m.id === target);
    const audit = nextEvent(client, 'guildAuditLogEntryCreate', (e) => e.targetId === target);
    await guild.members.ban(target, { reason: 'spam, says the test', deleteMessageSeconds: 3600 });
    await Promise.all([banEvent, removed]);
    const [entry] = await audit;
    expect(entry.reason).toBe('spam, says the test');
    expect(entry.executorId).toBe(sb.bot.userId);
    expect(sb.world.bans(guildId).map((b) => b.user.id)).toContain(target);
    expect(sb.world.member(guildId, target)).toBeNull();
    const call = sb.world.restCalls({ method: 'PUT', path: `/bans/${target}` })[0];
    expect(call?.auditLogReason).toBe('spam, says the test');
    expect(call?.status).toBe(204);
    const fetched = await guild.bans.fetch(target);
    expect(fetched.reason).toBe('spam, says the test');
    const unban = nextEvent(client, 'guildBanRemove', (b) => b.user.id === target);
    await guild.members.unban(target, 'appeal accepted');
    await unban;
    expect(sb.world.bans(guildId).some((b) => b.user.id === target)).toBe(false);
  });
});
