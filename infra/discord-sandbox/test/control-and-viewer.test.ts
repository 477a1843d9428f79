import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, WorldSnapshot } from '../src/index.js';
import { controlPost, sandbox } from './helpers.js';

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe('control API contract and viewer', () => {
  let sb: SandboxHandle;
  let guildId: string;

  beforeAll(async () => {
    sb = await sandbox({ seed: 21, botToken: 'custom.bot-token_123', applicationId: '123456789012345678' });
    guildId = sb.world.mainGuild().base.id;
  });
  afterAll(async () => sb?.stop());

  it('GET /_sandbox/bot gives the token and application id (settable by options/env)', async () => {
    const bot = await json<{ token: string; applicationId: string }>(await fetch(`${sb.url}/_sandbox/bot`));
    expect(bot).toMatchObject({ token: 'custom.bot-token_123', applicationId: '123456789012345678' });
    const gw = await fetch(`${sb.url}/api/v10/gateway/bot`, { headers: { authorization: `Bot ${bot.token}` } });
    expect(gw.status).toBe(200);
  });

  it('GET /_sandbox/state is the world in Discord shapes', async () => {
    const state = await json<WorldSnapshot>(await fetch(`${sb.url}/_sandbox/state`));
    expect(state.guilds).toHaveLength(2);
    const g = state.guilds[0]!;
    for (const key of ['channels', 'roles', 'members', 'bans', 'messages', 'audit_log_entries'] as const) expect(Array.isArray(g[key])).toBe(true);
    expect(g.members.length).toBe(300);
    expect(g.members[0]).toHaveProperty('user.username');
    expect(g.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['@everyone', 'Admin', 'Moderator', 'Member', 'Guildhall']));
    expect(g.bans).toHaveLength(2);
    expect(g.audit_log_entries.some((e) => e.action_type === 28)).toBe(true);
    expect(g.messages.length).toBeGreaterThan(0);
    expect(g.owner_id).toBe(sb.world.people(g.id).owner);
  });

  it('acts as users and reports Discord errors for what that user may not do', async () => {
    const { moderators, members } = sb.world.people(guildId);
    const general = sb.world.channelByName(guildId, 'general').id;
    const sent = await controlPost(sb, '/act/message', { channelId: general, userId: members[0], content: 'hi all' });
    expect(sent.status).toBe(200);
    // A plain member cannot ban; the answer is Discord's own 403.
    const denied = await controlPost(sb, '/act/ban', { guildId, moderatorId: members[0], userId: members[1] });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ code: 50013, message: 'Missing Permissions' });
    // Nobody but staff can read #mod-chat.
    const modChat = sb.world.channelByName(guildId, 'mod-chat').id;
    expect((await controlPost(sb, '/act/message', { channelId: modChat, userId: members[0], content: 'let me in' })).status).toBe(403);
    expect((await controlPost(sb, '/act/message', { channelId: modChat, userId: moderators[0], content: 'staff only' })).status).toBe(200);
    const bad = await controlPost(sb, '/act/ban', { guildId, moderatorId: 'abc' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 50035, errors: { moderatorId: { _errors: [{ code: 'BASE_TYPE_BAD_FORMAT' }] } } });
    const unknownAct = await controlPost(sb, '/act/explode', {});
    expect(unknownAct.status).toBe(404);
  });

  it('POST /_sandbox/interactions refuses a command the bot never registered', async () => {
    const res = await controlPost(sb, '/interactions', {
      guildId,
      channelId: sb.world.channelByName(guildId, 'general').id,
      userId: sb.world.people(guildId).members[0],
      command: 'nonexistent',
      options: [],
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: number }).code).toBe(10063);
    expect((await fetch(`${sb.url}/_sandbox/interactions/1234567890`)).status).toBe(404);
  });

  it('serves the viewer page and a live event stream', async () => {
    const page = await fetch(`${sb.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/_sandbox/state');
    expect(html).toContain('/_sandbox/events');
    const controller = new AbortController();
    const res = await fetch(`${sb.url}/_sandbox/events`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
        if (text.includes('GUILD_MEMBER_ADD')) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    await controlPost(sb, '/act/join', { guildId, username: 'viewer_watch' });
    await Promise.race([pump, new Promise((r) => setTimeout(r, 3000))]);
    controller.abort();
    expect(text).toContain('GUILD_MEMBER_ADD');
  });

  it('reset rebuilds the same world from the same seed and keeps the bot identity', async () => {
    await controlPost(sb, '/reset', {});
    const before = sb.world.snapshot();
    await controlPost(sb, '/act/join', { guildId, username: 'temporary_user' });
    expect(sb.world.members(guildId)).toHaveLength(before.guilds[0]!.members.length + 1);
    const res = await controlPost(sb, '/reset', {});
    expect(await res.json()).toEqual({ seed: 21 });
    const after = sb.world.snapshot();
    expect(after.guilds.map((g) => g.members.length)).toEqual(before.guilds.map((g) => g.members.length));
    expect(after.guilds[0]!.members.map((m) => m.user.id)).toEqual(before.guilds[0]!.members.map((m) => m.user.id));
    expect(sb.bot.token).toBe('custom.bot-token_123');
    await controlPost(sb, '/reset', { seed: 22 });
    expect(sb.world.snapshot().guilds[0]!.members.map((m) => m.user.username)).not.toEqual(before.guilds[0]!.members.map((m) => m.user.username));
    expect(sb.bot.applicationId).toBe('123456789012345678');
  });

  it('never crashes on garbage: odd paths, methods, bodies and headers', async () => {
    const auth = { authorization: `Bot ${sb.bot.token}` };
    const attempts: [string, RequestInit][] = [
      [`/api/v10/channels/%ZZ/messages`, { headers: auth }],
      [`/api/v10/guilds/${guildId}/members/not-a-number`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: '[]' }],
      [`/api/v10/channels/1/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' }],
      [`/api/v10/guilds/${guildId}/bans/1`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: 'null' }],
      [`/api/v10/interactions/1/x/callback`, { method: 'POST', body: '{"type":"4"}' }],
      [`/api/v10/oauth2/token`, { method: 'POST', body: '' }],
      [`/_sandbox/faults`, { method: 'POST', body: '{"kind":"meteor"}' }],
      [`/oauth2/authorize?client_id[]=1`, {}],
      [`/_sandbox/state?messages=-1`, {}],
    ];
    for (const [path, init] of attempts) {
      const res = await fetch(`${sb.url}${path}`, init);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    expect((await fetch(`${sb.url}/_sandbox/bot`)).status).toBe(200);
  });
});
