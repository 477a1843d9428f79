import { GatewayIntentBits as I, GatewayOpcodes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { RawGateway, sandbox } from './helpers.js';

describe('gateway v10 protocol', () => {
  let sb: SandboxHandle;
  const open: RawGateway[] = [];
  const connect = async () => {
    const gw = await RawGateway.open(sb.url);
    open.push(gw);
    await gw.until(() => gw.frames.find((f) => f.op === GatewayOpcodes.Hello));
    return gw;
  };
  const identify = (gw: RawGateway, intents: number, token = sb.bot.token) =>
    gw.send({ op: GatewayOpcodes.Identify, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } } });

  beforeAll(async () => {
    sb = await sandbox({ seed: 5 });
  });
  afterAll(async () => {
    for (const gw of open) gw.ws.terminate();
    await sb?.stop();
  });

  it('says HELLO, ACKs heartbeats, and answers IDENTIFY with READY then GUILD_CREATEs', async () => {
    const gw = await connect();
    const hello = gw.frames[0] as { d: { heartbeat_interval: number } };
    expect(hello.d.heartbeat_interval).toBe(41250);
    gw.send({ op: GatewayOpcodes.Heartbeat, d: null });
    await gw.until(() => gw.frames.find((f) => f.op === GatewayOpcodes.HeartbeatAck));
    identify(gw, I.Guilds);
    await gw.until(() => gw.frames.filter((f) => f.t === 'GUILD_CREATE').length === 2);
    const ready = gw.dispatch('READY') as { s: number; d: { session_id: string; resume_gateway_url: string; user: { id: string } } };
    expect(ready.s).toBe(1);
    expect(ready.d.user.id).toBe(sb.bot.userId);
    expect(ready.d.resume_gateway_url).toBe(`${sb.url.replace('http', 'ws')}/gateway`);
    const guildCreate = gw.dispatch('GUILD_CREATE') as { d: { members: unknown[]; presences: unknown[] } };
    // Without GUILD_PRESENCES / GUILD_MEMBERS, only the bot's own member is sent.
    expect(guildCreate.d.members).toHaveLength(1);
    expect(guildCreate.d.presences).toHaveLength(0);
  });

  it('closes with 4004 on a bad token, 4002 on a malformed payload, 4001 on an unknown op, 4003 before IDENTIFY', async () => {
    const a = await connect();
    identify(a, I.Guilds, 'wrong-token');
    expect(await a.closeCode()).toBe(4004);
    const b = await connect();
    b.send('{this is not json');
    expect(await b.closeCode()).toBe(4002);
    const c = await connect();
    c.send({ op: 99, d: null });
    expect(await c.closeCode()).toBe(4001);
    const d = await connect();
    d.send({ op: GatewayOpcodes.RequestGuildMembers, d: { guild_id: sb.world.mainGuild().base.id, query: '', limit: 0 } });
    expect(await d.closeCode()).toBe(4003);
    const e = await connect();
    e.send({ op: GatewayOpcodes.Identify, d: { token: sb.bot.token } });
    expect(await e.closeCode()).toBe(4002);
    const f = await connect();
    identify(f, 1 << 30);
    expect(await f.closeCode()).toBe(4013);
  });

  it('closes with 4014 when a privileged intent is not enabled for the application', async () => {
    const strict = await sandbox({ seed: 5, privilegedIntents: { messageContent: false } });
    try {
      const gw = await RawGateway.open(strict.url);
      open.push(gw);
      gw.send({ op: GatewayOpcodes.Identify, d: { token: strict.bot.token, intents: I.Guilds | I.MessageContent, properties: {} } });
      expect(await gw.closeCode()).toBe(4014);
    } finally {
      await strict.stop();
    }
  });

  it('filters dispatches by intents and blanks content without MESSAGE_CONTENT', async () => {
    const guildId = sb.world.mainGuild().base.id;
    const general = sb.world.channelByName(guildId, 'general').id;
    const noMessages = await connect();
    identify(noMessages, I.Guilds);
    const noContent = await connect();
    identify(noContent, I.Guilds | I.GuildMessages);
    await noMessages.until(() => noMessages.dispatch('GUILD_CREATE'));
    await noContent.until(() => noContent.dispatch('GUILD_CREATE'));
    const user = sb.world.people(guildId).members[0]!;
    sb.world.sendMessage({ channelId: general, userId: user, content: 'secret words' });
    sb.world.sendMessage({ channelId: general, userId: user, content: `hey <@${sb.bot.userId}> look` });
    await noContent.until(() => noContent.frames.filter((f) => f.t === 'MESSAGE_CREATE').length === 2);
    const [plain, mention] = noContent.frames.filter((f) => f.t === 'MESSAGE_CREATE') as { d: { content: string } }[];
    expect(plain?.d.content).toBe('');
    expect(mention?.d.content).toBe(`hey <@${sb.bot.userId}> look`);
    // A member join is GUILD_MEMBERS-only: the first client sees neither event.
    sb.world.join({ guildId, username: 'quiet_joiner' });
    await new Promise((r) => setTimeout(r, 100));
    expect(noMessages.frames.some((f) => f.t === 'MESSAGE_CREATE' || f.t === 'GUILD_MEMBER_ADD')).toBe(false);
  });

  it('answers op 8 with GUILD_MEMBERS_CHUNK carrying the nonce, and not_found for unknown ids', async () => {
    const gw = await connect();
    identify(gw, I.Guilds | I.GuildMembers);
    await gw.until(() => gw.dispatch('GUILD_CREATE'));
    const guildId = sb.world.mainGuild().base.id;
    gw.send({ op: GatewayOpcodes.RequestGuildMembers, d: { guild_id: guildId, query: '', limit: 0, nonce: 'n1' } });
    const chunk = (await gw.until(() => gw.dispatch('GUILD_MEMBERS_CHUNK'))) as { d: { nonce: string; members: unknown[]; chunk_count: number } };
    expect(chunk.d.nonce).toBe('n1');
    expect(chunk.d.members).toHaveLength(sb.world.members(guildId).length);
    const before = gw.frames.length;
    gw.send({ op: GatewayOpcodes.RequestGuildMembers, d: { guild_id: guildId, user_ids: ['1234567890123456789', sb.bot.userId], nonce: 'n2' } });
    const byId = (await gw.until(() => gw.dispatch('GUILD_MEMBERS_CHUNK', before))) as { d: { members: unknown[]; not_found: string[] } };
    expect(byId.d.members).toHaveLength(1);
    expect(byId.d.not_found).toEqual(['1234567890123456789']);
  });

  it('RESUME replays missed dispatches then sends RESUMED; an unknown session gets op 9', async () => {
    const gw = await connect();
    identify(gw, I.Guilds | I.GuildMessages | I.MessageContent);
    await gw.until(() => gw.frames.filter((f) => f.t === 'GUILD_CREATE').length === 2);
    const ready = gw.dispatch('READY') as { d: { session_id: string } };
    const lastSeq = Math.max(...gw.frames.map((f) => f.s ?? 0));
    gw.ws.close(4000);
    await gw.until(() => gw.closed);
    const guildId = sb.world.mainGuild().base.id;
    const general = sb.world.channelByName(guildId, 'general').id;
    sb.world.sendMessage({ channelId: general, userId: sb.world.people(guildId).members[1]!, content: 'while you were away' });
    const again = await connect();
    again.send({ op: GatewayOpcodes.Resume, d: { token: sb.bot.token, session_id: ready.d.session_id, seq: lastSeq } });
    const resumed = await again.until(() => again.dispatch('RESUMED'));
    const missed = again.dispatch('MESSAGE_CREATE') as { s: number; d: { content: string } };
    expect(missed.d.content).toBe('while you were away');
    expect(missed.s).toBe(lastSeq + 1);
    expect(resumed.s).toBe(lastSeq + 2);
    const stranger = await connect();
    stranger.send({ op: GatewayOpcodes.Resume, d: { token: sb.bot.token, session_id: 'nope', seq: 3 } });
    const invalid = await stranger.until(() => stranger.frames.find((f) => f.op === GatewayOpcodes.InvalidSession));
    expect(invalid.d).toBe(false);
  });
});
