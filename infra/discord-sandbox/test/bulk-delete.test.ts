import { DiscordAPIError, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { snowflakeTime } from '../src/world/snowflake.js';
import { sandbox } from './helpers.js';

const FOURTEEN_DAYS_MS = 14 * 86_400_000;

/**
 * What a purge relies on, as Discord does it: GET channel messages pages newest first with
 * `before`/`limit` (1-100), and bulk delete takes 2-100 ids, all younger than 14 days (else
 * 50034 and nothing is deleted).
 */
describe('channel messages paging and bulk delete', () => {
  let sb: SandboxHandle;
  let rest: REST;
  let guildId: string;
  let help: string;
  const failure = async (p: Promise<unknown>): Promise<[number, number]> => {
    try {
      await p;
    } catch (err) {
      if (err instanceof DiscordAPIError) return [err.status, Number(err.code)];
      throw err;
    }
    throw new Error('expected Discord to refuse');
  };
  type Msg = { id: string; author: { id: string }; timestamp: string };
  const page = async (channelId: string, q: Record<string, string>) => (await rest.get(`/channels/${channelId}/messages`, { query: new URLSearchParams(q) })) as Msg[];

  beforeAll(async () => {
    sb = await sandbox({ seed: 5, rateLimitScale: 0, simulator: { enabled: false } });
    rest = new REST({ api: `${sb.url}/api` }).setToken(sb.bot.token);
    guildId = sb.world.mainGuild().base.id;
    help = sb.world.channelByName(guildId, 'help').id;
  });
  afterAll(async () => sb?.stop());

  it('pages newest first with before and limit, and refuses a limit above 100', async () => {
    const channelId = sb.world.channelByName(guildId, 'random').id;
    const who = sb.world.people(guildId).members[0]!;
    const sent = Array.from({ length: 5 }, (_, i) => sb.world.sendMessage({ channelId, userId: who, content: `p${i}` }).id);
    const first = await page(channelId, { limit: '2' });
    expect(first.map((m) => m.id)).toEqual([sent[4], sent[3]]);
    const next = await page(channelId, { limit: '2', before: first[1]!.id });
    expect(next.map((m) => m.id)).toEqual([sent[2], sent[1]]);
    expect(await failure(page(channelId, { limit: '101' }))).toEqual([400, 50035]);
  });

  it('bulk-deletes 2 to 100 messages, and refuses 1 or 101 ids with 50035', async () => {
    const who = sb.world.people(guildId).members[1]!;
    const ids = Array.from({ length: 3 }, (_, i) => sb.world.sendMessage({ channelId: help, userId: who, content: `b${i}` }).id);
    await rest.post(`/channels/${help}/messages/bulk-delete`, { body: { messages: ids.slice(0, 2) }, reason: 'test purge' });
    const left = new Set(sb.world.messages(help).map((m) => m.id));
    expect([left.has(ids[0]!), left.has(ids[1]!), left.has(ids[2]!)]).toEqual([false, false, true]);
    expect(await failure(rest.post(`/channels/${help}/messages/bulk-delete`, { body: { messages: [ids[2]] } }))).toEqual([400, 50035]);
    const tooMany = Array.from({ length: 101 }, (_, i) => (BigInt(ids[2]!) + BigInt(i)).toString());
    expect(await failure(rest.post(`/channels/${help}/messages/bulk-delete`, { body: { messages: tooMany } }))).toEqual([400, 50035]);
    expect(sb.world.messages(help).some((m) => m.id === ids[2])).toBe(true);
    const entry = sb.world.auditLog(guildId).find((e) => e.action_type === 73 && e.target_id === help);
    expect(entry).toMatchObject({ reason: 'test purge', options: { count: '2' } });
  });

  it('refuses the whole bulk delete with 50034 when one message is older than 14 days, deleting none', async () => {
    // The seeded chatter is from long ago: older than 14 days by its id, as Discord judges it.
    const old = sb.world.messages(help).find((m) => snowflakeTime(m.id) < Date.now() - FOURTEEN_DAYS_MS)!;
    expect(old).toBeTruthy();
    const fresh = sb.world.sendMessage({ channelId: help, userId: sb.world.people(guildId).members[2]!, content: 'new' }).id;
    expect(await failure(rest.post(`/channels/${help}/messages/bulk-delete`, { body: { messages: [fresh, old.id] } }))).toEqual([400, 50034]);
    const left = new Set(sb.world.messages(help).map((m) => m.id));
    expect(left.has(fresh) && left.has(old.id)).toBe(true);
    // One old message can still be deleted on its own (Discord's single delete has no age limit).
    await rest.delete(`/channels/${help}/messages/${old.id}`);
    expect(sb.world.messages(help).some((m) => m.id === old.id)).toBe(false);
  });
});
