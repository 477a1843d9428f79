import { ApplicationCommandType, MessageFlags, type Client, type Guild } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { connectBot, controlPost, sandbox, waitFor } from './helpers.js';


describe('context-menu commands (application command types 2 "User" and 3 "Message")', () => {
  let sb: SandboxHandle;
  let client: Client<true>;
  let guild: Guild;
  let channelId: string;

  beforeAll(async () => {
    sb = await sandbox({ seed: 23 });
    client = await connectBot(sb);
    guild = client.guilds.cache.get(sb.world.mainGuild().base.id)!;
    channelId = sb.world.channelByName(guild.id, 'general').id;
    await guild.commands.set([
      { name: 'Report message', type: ApplicationCommandType.Message },
      { name: 'Report member', type: ApplicationCommandType.User },
    ]);
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('registers them without a description, with their type', async () => {
    const registered = await guild.commands.fetch();
    expect([...registered.values()].map((c) => [c.name, c.type]).sort()).toEqual([
      ['Report member', ApplicationCommandType.User],
      ['Report message', ApplicationCommandType.Message],
    ]);
  });

  it('a Message command arrives as discord.js sees it on Discord: the target message, resolved', async () => {
    const [author, reporter] = sb.world.people(guild.id).members;
    const sent = (await (await controlPost(sb, '/act/message', { channelId, userId: author, content: 'buy cheap gold' })).json()) as { id: string };
    client.once('interactionCreate', async (i) => {
      if (i.isMessageContextMenuCommand()) await i.reply({ content: `reported ${i.targetMessage.author.id}: ${i.targetMessage.content}`, flags: MessageFlags.Ephemeral });
    });
    const r = (await (await controlPost(sb, '/interactions', { type: 'context_menu', guildId: guild.id, channelId, userId: reporter, command: 'Report message', targetId: sent.id })).json()) as { id: string };
    const reply = await waitFor(() => sb.world.interaction(r.id).original);
    expect(reply.content).toBe(`reported ${author}: buy cheap gold`);
    expect((reply.flags ?? 0) & 64).toBe(64);
  });

  it('a User command arrives with the target user and member, resolved', async () => {
    const [target, reporter] = sb.world.people(guild.id).members;
    client.once('interactionCreate', async (i) => {
      if (i.isUserContextMenuCommand()) await i.reply({ content: `reported ${i.targetUser.id} (member: ${i.targetMember ? 'yes' : 'no'}, bot: ${i.targetUser.bot})`, flags: MessageFlags.Ephemeral });
    });
    const r = (await (await controlPost(sb, '/interactions', { type: 'context_menu', guildId: guild.id, channelId, userId: reporter, command: 'Report member', targetId: target })).json()) as { id: string };
    const reply = await waitFor(() => sb.world.interaction(r.id).original);
    expect(reply.content).toBe(`reported ${target} (member: yes, bot: false)`);
  });

  it('refuses an unknown context-menu command (10063) and a message of another channel (404)', async () => {
    const [, reporter] = sb.world.people(guild.id).members;
    const unknown = await controlPost(sb, '/interactions', { type: 'context_menu', guildId: guild.id, channelId, userId: reporter, command: 'Nope', targetId: reporter });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: number }).code).toBe(10063);
    const missing = await controlPost(sb, '/interactions', { type: 'context_menu', guildId: guild.id, channelId, userId: reporter, command: 'Report message', targetId: '1' });
    expect(missing.status).toBe(404);
  });

  it('lists the registered commands and the interactions for the viewer, and a button on an ephemeral reply can be clicked', async () => {
    const listed = (await (await fetch(`${sb.url}/_sandbox/guilds/${guild.id}/commands`)).json()) as { name: string; type: number }[];
    expect(listed.map((c) => [c.name, c.type]).sort()).toEqual([
      ['Report member', ApplicationCommandType.User],
      ['Report message', ApplicationCommandType.Message],
    ]);
    const [target, reporter] = sb.world.people(guild.id).members;
    client.once('interactionCreate', async (i) => {
      if (i.isUserContextMenuCommand())
        await i.reply({ content: 'reported', flags: MessageFlags.Ephemeral, components: [{ type: 1, components: [{ type: 2, style: 4, custom_id: 'withdraw', label: 'Withdraw' }] }] });
    });
    const r = (await (await controlPost(sb, '/interactions', { type: 'context_menu', guildId: guild.id, channelId, userId: reporter, command: 'Report member', targetId: target })).json()) as { id: string };
    const reply = await waitFor(() => sb.world.interaction(r.id).original);
    const mine = (await (await fetch(`${sb.url}/_sandbox/interactions?guild_id=${guild.id}&user_id=${reporter}`)).json()) as { id: string; data: { target_id?: string } }[];
    expect(mine[0]).toMatchObject({ id: r.id, data: { target_id: target } });
    const clicked = new Promise<string>((resolve) => client.once('interactionCreate', (i) => resolve(i.isButton() ? `${i.customId} on ${i.message.id}` : 'other')));
    const click = await controlPost(sb, '/interactions', { type: 'component', guildId: guild.id, channelId, userId: reporter, messageId: reply.id, customId: 'withdraw' });
    expect(click.status).toBe(200);
    expect(await clicked).toBe(`withdraw on ${reply.id}`);
  });
});
