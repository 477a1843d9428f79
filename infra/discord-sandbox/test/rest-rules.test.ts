import { DiscordAPIError, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { sandbox } from './helpers.js';

/** Raw REST as any Discord library would call it: Discord's rules, codes and error shapes. */
describe('REST v10 rules', () => {
  let sb: SandboxHandle;
  let rest: REST;
  let guildId: string;
  let cornerId: string;
  let general: string;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${sb.url}/api/v10${path}`, {
      ...init,
      headers: { authorization: `Bot ${sb.bot.token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    });
  const code = async (p: Promise<unknown>): Promise<number> => {
    try {
      await p;
      return 0;
    } catch (err) {
      if (err instanceof DiscordAPIError) return Number(err.code);
      throw err;
    }
  };

  beforeAll(async () => {
    sb = await sandbox({ seed: 3, rateLimitScale: 0 });
    rest = new REST({ api: `${sb.url}/api` }).setToken(sb.bot.token);
    guildId = sb.world.mainGuild().base.id;
    cornerId = sb.world.guilds()[1]!.base.id;
    general = sb.world.channelByName(guildId, 'general').id;
  });
  afterAll(async () => sb?.stop());

  it('answers unknown ids with Discord 404 codes', async () => {
    const missing = '1111111111111111111';
    expect(await code(rest.get(`/channels/${missing}`))).toBe(10003);
    expect(await code(rest.get(`/guilds/${missing}`))).toBe(10004);
    expect(await code(rest.get(`/guilds/${guildId}/members/${missing}`))).toBe(10007);
    expect(await code(rest.get(`/channels/${general}/messages/${missing}`))).toBe(10008);
    expect(await code(rest.get(`/users/${missing}`))).toBe(10013);
    expect(await code(rest.get(`/guilds/${guildId}/roles/${missing}`))).toBe(10011);
    expect(await code(rest.delete(`/guilds/${guildId}/bans/${missing}`))).toBe(10026);
    const res = await api('/no/such/route');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
  });

  it('enforces permissions: no BAN_MEMBERS in the second guild gives 403 / 50013', async () => {
    const someone = sb.world.people(cornerId).members[0]!;
    const res = await api(`/guilds/${cornerId}/bans/${someone}`, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Missing Permissions', code: 50013 });
    expect(sb.world.bans(cornerId).some((b) => b.user.id === someone)).toBe(false);
    expect(await code(rest.delete(`/guilds/${cornerId}/members/${someone}`))).toBe(50013);
  });

  it('enforces the role hierarchy: the bot cannot ban an admin or the owner, nor hand out a role above its own', async () => {
    const { admins, owner, members } = sb.world.people(guildId);
    expect(await code(rest.put(`/guilds/${guildId}/bans/${admins[0]}`, { body: {} }))).toBe(50013);
    expect(await code(rest.put(`/guilds/${guildId}/bans/${owner}`, { body: {} }))).toBe(50013);
    const admin = sb.world.roleByName(guildId, 'Admin');
    expect(await code(rest.put(`/guilds/${guildId}/members/${members[0]}/roles/${admin.id}`))).toBe(50013);
    // Moderators sit below the bot's role, so the bot may time one out.
    const until = new Date(Date.now() + 60_000).toISOString();
    expect(await code(rest.patch(`/guilds/${guildId}/members/${sb.world.people(guildId).moderators[0]}`, { body: { communication_disabled_until: until } }))).toBe(0);
  });

  it('a private staff channel is 50001 Missing Access only where the bot cannot see it', async () => {
    const modChat = sb.world.channelByName(guildId, 'mod-chat').id;
    expect(await code(rest.get(`/channels/${modChat}`))).toBe(0);
    const res = await api(`/channels/${modChat}`, { method: 'PATCH', body: JSON.stringify({ permission_overwrites: [{ id: sb.world.roleByName(guildId, 'Guildhall').id, type: 0, allow: '0', deny: '1024' }] }) });
    expect(res.status).toBe(200);
    expect(await code(rest.get(`/channels/${modChat}/messages`))).toBe(50001);
  });

  it('rejects malformed bodies with 400 and Discord’s error shape', async () => {
    const tooLong = await api(`/channels/${general}/messages`, { method: 'POST', body: JSON.stringify({ content: 'x'.repeat(2001) }) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    const badType = await api(`/channels/${general}/messages`, { method: 'POST', body: JSON.stringify({ embeds: [{ title: 5 }] }) });
    const badBody = (await badType.json()) as { code: number; errors: Record<string, unknown> };
    expect(badBody.code).toBe(50035);
    expect(badBody.errors).toHaveProperty(['embeds', '0', 'title', '_errors']);
    const notJson = await api(`/channels/${general}/messages`, { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { code: number }).code).toBe(50109);
    const empty = await api(`/channels/${general}/messages`, { method: 'POST', body: '{}' });
    expect(((await empty.json()) as { code: number }).code).toBe(50006);
    const tooLongTimeout = await api(`/guilds/${guildId}/members/${sb.world.people(guildId).members[0]}`, {
      method: 'PATCH',
      body: JSON.stringify({ communication_disabled_until: new Date(Date.now() + 40 * 86_400_000).toISOString() }),
    });
    expect(tooLongTimeout.status).toBe(400);
    const badQuery = await api(`/guilds/${guildId}/members?limit=5000`);
    expect(badQuery.status).toBe(400);
  });

  it('answers a bad or missing token with 401', async () => {
    const bad = await fetch(`${sb.url}/api/v10/gateway/bot`, { headers: { authorization: 'Bot not-the-token' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const none = await fetch(`${sb.url}/api/v10/channels/${general}`);
    expect(none.status).toBe(401);
  });

  it('dedupes messages by nonce when enforce_nonce is set', async () => {
    const body = { content: 'once', nonce: 'abc-123', enforce_nonce: true };
    const a = (await rest.post(`/channels/${general}/messages`, { body })) as { id: string; nonce: string };
    const b = (await rest.post(`/channels/${general}/messages`, { body })) as { id: string };
    expect(b.id).toBe(a.id);
    expect(a.nonce).toBe('abc-123');
    const c = (await rest.post(`/channels/${general}/messages`, { body: { ...body, enforce_nonce: false } })) as { id: string };
    expect(c.id).not.toBe(a.id);
    expect(sb.world.messages(general).filter((m) => m.content === 'once')).toHaveLength(2);
  });

  it('edits, fetches and deletes messages; others’ messages need MANAGE_MESSAGES and are audited', async () => {
    const mine = (await rest.post(`/channels/${general}/messages`, { body: { content: 'draft' } })) as { id: string };
    const edited = (await rest.patch(`/channels/${general}/messages/${mine.id}`, { body: { content: 'final' } })) as { content: string; edited_timestamp: string };
    expect(edited.content).toBe('final');
    expect(edited.edited_timestamp).toBeTruthy();
    const theirs = sb.world.sendMessage({ channelId: general, userId: sb.world.people(guildId).members[2]!, content: 'rule-breaking' });
    expect(await code(rest.patch(`/channels/${general}/messages/${theirs.id}`, { body: { content: 'nope' } }))).toBe(50005);
    await rest.delete(`/channels/${general}/messages/${theirs.id}`, { reason: 'off-topic' });
    const entry = sb.world.auditLog(guildId).at(-1);
    expect(entry).toMatchObject({ action_type: 72, target_id: theirs.author.id, reason: 'off-topic', options: { channel_id: general, count: '1' } });
    const list = (await rest.get(`/channels/${general}/messages?limit=2`)) as { id: string }[];
    expect(list[0]?.id).toBe(mine.id);
  });

  it('lists members, bans and the audit log with Discord’s paging and filters', async () => {
    const page1 = (await rest.get(`/guilds/${guildId}/members?limit=100`)) as { user: { id: string } }[];
    const page2 = (await rest.get(`/guilds/${guildId}/members?limit=100&after=${page1.at(-1)!.user.id}`)) as { user: { id: string } }[];
    expect(page1).toHaveLength(100);
    expect(BigInt(page2[0]!.user.id) > BigInt(page1.at(-1)!.user.id)).toBe(true);
    const bans = (await rest.get(`/guilds/${guildId}/bans`)) as { user: { id: string }; reason: string }[];
    expect(bans.length).toBe(sb.world.bans(guildId).length);
    const log = (await rest.get(`/guilds/${guildId}/audit-logs?action_type=22&limit=10`)) as { audit_log_entries: { action_type: number }[]; users: unknown[] };
    expect(log.audit_log_entries.length).toBeGreaterThan(0);
    expect(log.audit_log_entries.every((e) => e.action_type === 22)).toBe(true);
    expect(log.users.length).toBeGreaterThan(0);
  });

  it('pages bans by user id and the audit log after a cursor, as the bot reconciliation reads them', async () => {
    const people = sb.world.people(guildId);
    for (const id of people.members.slice(20, 23)) await rest.put(`/guilds/${guildId}/bans/${id}`, { body: {}, reason: 'paging' });
    const all = (await rest.get(`/guilds/${guildId}/bans`)) as { user: { id: string } }[];
    const walked: string[] = [];
    for (let after: string | null = null; ; ) {
      const page = (await rest.get(`/guilds/${guildId}/bans`, { query: new URLSearchParams({ limit: '2', ...(after ? { after } : {}) }) })) as { user: { id: string } }[];
      walked.push(...page.map((b) => b.user.id));
      if (page.length < 2) break;
      after = page.at(-1)!.user.id;
    }
    expect(walked).toEqual(all.map((b) => b.user.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
    expect(walked.length).toBeGreaterThanOrEqual(3);
    // After a cursor: the entries just after it (oldest first in the window), never the cursor itself.
    const entries = sb.world.auditLog(guildId);
    const cursor = entries.at(-4)!.id;
    const next = (await rest.get(`/guilds/${guildId}/audit-logs`, { query: new URLSearchParams({ after: cursor, limit: '2' }) })) as { audit_log_entries: { id: string }[] };
    expect(next.audit_log_entries.map((e) => e.id).sort()).toEqual(entries.slice(-3, -1).map((e) => e.id).sort());
  });

  it('records the X-Audit-Log-Reason of every action in the REST call log and the audit log', async () => {
    const target = sb.world.people(guildId).members[10]!;
    await rest.delete(`/guilds/${guildId}/members/${target}`, { reason: 'kicked: ünïcode & spaces' });
    const entry = sb.world.auditLog(guildId).at(-1);
    expect(entry).toMatchObject({ action_type: 20, target_id: target, user_id: sb.bot.userId, reason: 'kicked: ünïcode & spaces' });
    expect(sb.world.restCalls({ method: 'DELETE', path: `/members/${target}` })[0]?.auditLogReason).toBe('kicked: ünïcode & spaces');
  });

  it('registers global and guild commands with bulk overwrite, keeping ids of unchanged names', async () => {
    const app = sb.bot.applicationId;
    const first = (await rest.put(`/applications/${app}/commands`, { body: [{ name: 'ban', description: 'Ban' }, { name: 'case', description: 'Show a case' }] })) as { id: string; name: string }[];
    const second = (await rest.put(`/applications/${app}/commands`, { body: [{ name: 'ban', description: 'Ban a member' }] })) as { id: string; name: string; description: string }[];
    expect(second).toHaveLength(1);
    expect(second[0]?.id).toBe(first.find((c) => c.name === 'ban')?.id);
    const guildCmds = (await rest.put(`/applications/${app}/guilds/${guildId}/commands`, { body: [{ name: 'purge', description: 'Purge' }] })) as { guild_id: string }[];
    expect(guildCmds[0]?.guild_id).toBe(guildId);
    const bad = await api(`/applications/${app}/commands`, { method: 'POST', body: JSON.stringify({ name: 'Bad Name!', description: 'x' }) });
    expect(bad.status).toBe(400);
  });
});
