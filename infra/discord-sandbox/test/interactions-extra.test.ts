import { ActionRowBuilder, MessageFlags, ModalBuilder, TextInputBuilder, TextInputStyle, type Client, type Guild } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { connectBot, controlPost, sandbox, waitFor } from './helpers.js';


describe('modals and autocomplete', () => {
  let sb: SandboxHandle;
  let client: Client<true>;
  let guild: Guild;
  let channelId: string;

  beforeAll(async () => {
    sb = await sandbox({ seed: 17 });
    client = await connectBot(sb);
    guild = client.guilds.cache.get(sb.world.mainGuild().base.id)!;
    channelId = sb.world.channelByName(guild.id, 'general').id;
    await guild.commands.set([
      { name: 'report', description: 'Report a member' },
      { name: 'case', description: 'Show a case', options: [{ name: 'id', description: 'case id', type: 3, autocomplete: true, required: true }] },
      { name: 'Flag member', type: 2 },
    ]);
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('a command shows a modal; the submitted modal is answered with a reply', async () => {
    client.on('interactionCreate', async (i) => {
      if (i.isChatInputCommand() && i.commandName === 'report') {
        const input = new TextInputBuilder().setCustomId('details').setLabel('What happened?').setStyle(TextInputStyle.Paragraph);
        await i.showModal(new ModalBuilder().setCustomId('report-modal').setTitle('Report').addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)));
      }
      if (i.isModalSubmit() && i.customId === 'report-modal') await i.reply({ content: `Report received: ${i.fields.getTextInputValue('details')}`, flags: MessageFlags.Ephemeral });
    });
    const userId = sb.world.people(guild.id).members[0]!;
    const cmd = (await (await controlPost(sb, '/interactions', { guildId: guild.id, channelId, userId, command: 'report', options: [] })).json()) as { id: string };
    const shown = await waitFor(() => sb.world.interaction(cmd.id).responses[0]);
    expect(shown).toMatchObject({ kind: 'callback', type: 9, data: { custom_id: 'report-modal', title: 'Report' } });
    const submit = (await (await controlPost(sb, '/interactions', { type: 'modal_submit', guildId: guild.id, channelId, userId, customId: 'report-modal', fields: [{ customId: 'details', value: 'spam links in #general' }] })).json()) as { id: string };
    const reply = await waitFor(() => sb.world.interaction(submit.id).original);
    expect(reply.content).toBe('Report received: spam links in #general');
    expect((reply.flags ?? 0) & 64).toBe(64);
  });

  it('a context-menu pick shows a modal; a modal past Discord\'s limits is refused under data.*', async () => {
    const errors: unknown[] = [];
    client.on('interactionCreate', async (i) => {
      if (!i.isUserContextMenuCommand() || i.commandName !== 'Flag member') return;
      const input = new TextInputBuilder().setCustomId('why').setLabel('Why?').setStyle(TextInputStyle.Paragraph).setRequired(false).setMaxLength(512);
      const modal = new ModalBuilder().setCustomId(`flag:${i.id}`).setTitle('Flag member').addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
      // Raw JSON past the limits (the builders would refuse it before sending).
      const bad = { ...modal.toJSON(), title: 'A title longer than the forty-five characters Discord takes' };
      await i.showModal(i.targetUser.id === i.user.id ? bad : modal).catch((e: unknown) => errors.push(e));
    });
    const [userId, targetId] = sb.world.people(guild.id).members;
    const pick = sb.world.invokeContextMenu({ guildId: guild.id, channelId, userId: userId!, command: 'Flag member', targetId: targetId! });
    const shown = await waitFor(() => sb.world.interaction(pick.id).responses[0]);
    expect(shown).toMatchObject({ kind: 'callback', type: 9, data: { custom_id: `flag:${pick.id}`, title: 'Flag member', components: [{ type: 1, components: [{ type: 4, custom_id: 'why', style: 2, max_length: 512 }] }] } });

    const bad = sb.world.invokeContextMenu({ guildId: guild.id, channelId, userId: userId!, command: 'Flag member', targetId: userId! });
    const error = (await waitFor(() => errors[0])) as { status: number; code: number; rawError: { errors: Record<string, unknown> } };
    expect(error).toMatchObject({ status: 400, code: 50035, rawError: { errors: { data: { title: {} } } } });
    expect(sb.world.interaction(bad.id).acknowledged).toBe(false);
  });

  it('autocomplete: a focused option is answered with choices only', async () => {
    client.on('interactionCreate', async (i) => {
      if (i.isAutocomplete()) await i.respond([{ name: `Case #${i.options.getFocused()}1`, value: '41' }]);
    });
    const userId = sb.world.people(guild.id).moderators[0]!;
    const res = await controlPost(sb, '/interactions', { guildId: guild.id, channelId, userId, command: 'case', options: [{ name: 'id', value: '4', focused: true }] });
    const { id } = (await res.json()) as { id: string };
    const answered = await waitFor(() => sb.world.interaction(id).responses[0]);
    expect(answered).toMatchObject({ kind: 'callback', type: 8, data: { choices: [{ name: 'Case #41', value: '41' }] } });
    expect(sb.world.interaction(id).original).toBeNull();
  });
});
