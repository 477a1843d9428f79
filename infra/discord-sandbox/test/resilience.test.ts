import { RESTEvents, type Client, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../src/index.js';
import { connectBot, controlPost, nextEvent, sandbox } from './helpers.js';

describe('rate limits, server errors and gateway disconnects', () => {
  let sb: SandboxHandle;
  let client: Client<true>;
  let general: TextChannel;

  beforeAll(async () => {
    sb = await sandbox({ seed: 9 });
    client = await connectBot(sb);
    general = client.channels.cache.get(sb.world.channelByName(sb.world.mainGuild().base.id, 'general').id) as TextChannel;
  });
  afterAll(async () => {
    await client?.destroy();
    await sb?.stop();
  });

  it('an injected 429 is retried by discord.js and the send still succeeds', async () => {
    const res = await controlPost(sb, '/faults', { kind: 'rate_limit', method: 'POST', path: `/channels/${general.id}/messages`, count: 1, retryAfter: 0.2 });
    expect(res.status).toBe(201);
    const limited = new Promise((resolve) => client.rest.once(RESTEvents.RateLimited, resolve));
    const msg = await general.send('after a 429');
    await limited;
    const calls = sb.world.restCalls({ method: 'POST', path: `/channels/${general.id}/messages` });
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(sb.world.messages(general.id).filter((m) => m.content === 'after a 429')).toHaveLength(1);
    expect(msg.content).toBe('after a 429');
  });

  it('an injected 5xx is retried by discord.js', async () => {
    sb.world.clearRestCalls();
    sb.world.addFault({ kind: 'server_error', method: 'GET', path: '/guilds/', count: 1, status: 502 });
    const guild = await client.guilds.fetch({ guild: sb.world.mainGuild().base.id, force: true });
    expect(guild.id).toBe(sb.world.mainGuild().base.id);
    expect(sb.world.restCalls({ method: 'GET', path: '/guilds/' }).map((c) => c.status)).toEqual([502, 200]);
  });

  it('an injected latency fault delays one matching call, then is used up', async () => {
    sb.world.addFault({ kind: 'latency', method: 'GET', path: '/channels/', count: 1, ms: 200 });
    expect(sb.world.faults()).toHaveLength(1);
    const channel = await client.channels.fetch(general.id, { force: true });
    expect(channel?.id).toBe(general.id);
    expect(sb.world.faults()).toHaveLength(0);
  });

  it('real buckets: Discord headers on every bot call, and a 429 for a caller that ignores them', async () => {
    // A long window (10 s) so a slow machine cannot let the bucket reset mid-burst.
    sb.world.setRateLimitScale(2);
    const headers = { authorization: `Bot ${sb.bot.token}`, 'content-type': 'application/json' };
    const url = `${sb.url}/api/v10/channels/${sb.world.channelByName(sb.world.mainGuild().base.id, 'random').id}/messages`;
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ content: `burst ${i}` }) });
      statuses.push(r.status);
      if (r.status === 429) limited = r;
      else expect(r.headers.get('x-ratelimit-limit')).toBe('5');
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(limited).not.toBeNull();
    expect(limited!.headers.get('retry-after')).toBeTruthy();
    expect(limited!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await limited!.json()) as { retry_after: number; global: boolean }).global).toBe(false);
    sb.world.setRateLimitScale(0.2);
  });

  it('discord.js waits out a real bucket instead of failing', async () => {
    sb.world.clearRestCalls();
    const sends = Array.from({ length: 7 }, (_, i) => general.send(`queued ${i}`));
    const sent = await Promise.all(sends);
    expect(sent).toHaveLength(7);
    const statuses = sb.world.restCalls({ method: 'POST', path: `/channels/${general.id}/messages` }).map((c) => c.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
  });

  it('a gateway disconnect resumes, and events sent meanwhile are replayed', async () => {
    const resumed = nextEvent(client, 'shardResume', () => true, 15_000);
    const { disconnected } = (await (await controlPost(sb, '/gateway/disconnect', { code: 4000 })).json()) as { disconnected: number };
    expect(disconnected).toBe(1);
    const author = sb.world.people(general.guild.id).members[2]!;
    const seen = nextEvent(client, 'messageCreate', (m) => m.content === 'sent while disconnected', 15_000);
    sb.world.sendMessage({ channelId: general.id, userId: author, content: 'sent while disconnected' });
    await resumed;
    await seen;
    const sessions = sb.world.gatewaySessions();
    expect(sessions.filter((s) => s.connected)).toHaveLength(1);
  });

  it('an invalidated session makes discord.js identify again', async () => {
    const ready = nextEvent(client, 'shardReady', () => true, 15_000);
    await controlPost(sb, '/gateway/disconnect', { mode: 'invalidate' });
    await ready;
    const created = nextEvent(client, 'messageCreate', (m) => m.content === 'after re-identify');
    sb.world.sendMessage({ channelId: general.id, userId: sb.world.people(general.guild.id).members[3]!, content: 'after re-identify' });
    await created;
  });
});
