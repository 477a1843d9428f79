import { inflateSync } from 'node:zlib';
import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, type Client, type Guild, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SandboxHandle } from '../src/index.js';
import { connectBot, controlPost, nextEvent, sandbox } from './helpers.js';

describe('more of what a moderation bot does', () => {
  let sb: SandboxHandle;
  let client: Client<true>;
  let guild: Guild;
  let general: TextChannel;

  beforeAll(async () => {
    sb = await sandbox({ seed: 13, heartbeatIntervalMs: 300 });
    client = await connectBot(sb);
    guild = client.guilds.cache.get(sb.world.mainGuild().base.id)!;
    general = client.channels.cache.get(sb.world.channelByName(guild.id, 'general').id) as TextChannel;
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('timeout, nickname and kick through discord.js land in state and the audit log', async () => {
    const { members } = sb.world.people(guild.id);
    const member = await guild.members.fetch(members[0]!);
    await member.timeout(10 * 60_000, 'calm down');
    const stored = sb.world.member(guild.id, member.id)!;
    expect(Date.parse(stored.communication_disabled_until!)).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(sb.world.auditLog(guild.id).at(-1)).toMatchObject({ action_type: 24, reason: 'calm down', changes: [{ key: 'communication_disabled_until' }] });
    // A timed-out member can no longer talk (Discord strips SEND_MESSAGES).
    const denied = await controlPost(sb, '/act/message', { channelId: general.id, userId: member.id, content: 'let me speak' });
    expect(denied.status).toBe(403);
    await member.timeout(null);
    expect(sb.world.member(guild.id, member.id)?.communication_disabled_until).toBeNull();
    await member.setNickname('Renamed', 'inappropriate name');
    expect(sb.world.member(guild.id, member.id)?.nick).toBe('Renamed');
    await member.kick('bye');
    expect(sb.world.member(guild.id, member.id)).toBeNull();
    expect(sb.world.auditLog(guild.id).at(-1)).toMatchObject({ action_type: 20, target_id: member.id, reason: 'bye' });
  });

  it('lists members over REST and fetches the audit log through discord.js', async () => {
    const page = await guild.members.list({ limit: 50 });
    expect(page.size).toBe(50);
    const logs = await guild.fetchAuditLogs({ limit: 5 });
    expect(logs.entries.size).toBe(5);
    expect(logs.entries.first()?.executorId).toBeTruthy();
  });

  it('uploads an attachment (multipart) that is served back', async () => {
    const msg = await general.send({ content: 'evidence', files: [new AttachmentBuilder(Buffer.from('log line 1\n'), { name: 'evidence.txt' })] });
    const attachment = msg.attachments.first()!;
    expect(attachment.name).toBe('evidence.txt');
    expect(attachment.size).toBe(11);
    const body = await (await fetch(attachment.url)).text();
    expect(body).toBe('log line 1\n');
  });

  it('a button click is an INTERACTION_CREATE; UPDATE_MESSAGE edits the message', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('confirm-ban').setLabel('Confirm').setStyle(ButtonStyle.Danger));
    const prompt = await general.send({ content: 'Ban this user?', components: [row] });
    client.once('interactionCreate', async (interaction) => {
      if (interaction.isButton() && interaction.customId === 'confirm-ban') await interaction.update({ content: 'Banned.', components: [] });
    });
    const edited = nextEvent(client, 'messageUpdate', (_o, m) => m.id === prompt.id && m.content === 'Banned.');
    const res = await controlPost(sb, '/interactions', {
      type: 'component',
      guildId: guild.id,
      channelId: general.id,
      userId: sb.world.people(guild.id).moderators[0],
      messageId: prompt.id,
      customId: 'confirm-ban',
    });
    const { id } = (await res.json()) as { id: string };
    await edited;
    const view = sb.world.interaction(id);
    expect(view.responses[0]).toMatchObject({ kind: 'callback', type: 7 });
    expect(sb.world.messages(general.id).find((m) => m.id === prompt.id)?.content).toBe('Banned.');
  });

  it('a second callback to the same interaction is 40060 (already acknowledged)', async () => {
    await client.application.commands.set([{ name: 'ping', description: 'Ping' }], guild.id);
    let second: unknown = null;
    const done = new Promise<void>((resolve) => {
      client.once('interactionCreate', async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply('pong');
        const res = await fetch(`${sb.url}/api/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 4, data: { content: 'again' } }),
        });
        second = await res.json();
        resolve();
      });
    });
    await controlPost(sb, '/interactions', { guildId: guild.id, channelId: general.id, userId: sb.world.people(guild.id).members[1], command: 'ping', options: [] });
    await done;
    expect(second).toMatchObject({ code: 40060 });
  });

  it('discord.js notices unanswered heartbeats (zombie) and resumes', async () => {
    const resumed = nextEvent(client, 'shardResume', () => true, 10_000);
    await controlPost(sb, '/gateway/skip-heartbeat-acks', { count: 1 });
    await resumed;
    const seen = nextEvent(client, 'messageCreate', (m) => m.content === 'still here');
    sb.world.sendMessage({ channelId: general.id, userId: sb.world.people(guild.id).members[2]!, content: 'still here' });
    await seen;
  });

  it('speaks zlib-stream when a client asks for it', async () => {
    const ws = new WebSocket(`${sb.url.replace('http', 'ws')}/gateway?v=10&encoding=json&compress=zlib-stream`);
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        chunks.push(data);
        resolve();
      });
      ws.on('error', reject);
    });
    ws.terminate();
    const hello = JSON.parse(inflateSync(Buffer.concat(chunks), { finishFlush: 2 }).toString()) as { op: number };
    expect(hello.op).toBe(10);
  });
});
