import type { HandlerOutcome } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { communityHandler } from '@guildhall/community/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsProjection, getActivityHeatmap, getMessageActivity } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const GENERAL = '600000000000000001';
const RANDOM = '600000000000000002';
const GATEWAY: Actor = { kind: 'system', id: 'discord-gateway', name: 'gateway' };
const ann = { id: '300000000000000001', username: 'ann', globalName: 'Ann', bot: false };
// Monday 2026-03-02 23:00 UTC.
const T0 = Date.parse('2026-03-02T23:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;

/** A message as the gateway records it (RecordMessagePosted through the community handler). */
const post = async (min: number, channelId: string, guildId = G1) => {
  const id = deterministicId('analytics-messages-test', ++n);
  const payload = { messageId: `7000000000000${String(n).padStart(5, '0')}`, channelId, author: ann, content: null, createdAt: at(min) };
  const r = await handle({ id, type: 'RecordMessagePosted', issuedAt: at(min), guildId, actor: GATEWAY, source: 'discord', correlationId: id, causationId: null, payload });
  if (r.status !== 'accepted') throw new Error(`post ${r.status}: ${JSON.stringify(r)}`);
};

beforeAll(async () => {
  world = await createTestWorld('anmsg');
  handle = communityHandler(world.store);
  await world.startRunners([analyticsProjection]);
  // Monday 23:xx: 3 in general, 1 in random; Tuesday 00:xx: 2 in general; Tuesday 05:xx: 1 in random; another guild: 1.
  for (const [min, ch] of [[1, GENERAL], [5, GENERAL], [59, GENERAL], [30, RANDOM], [61, GENERAL], [62, GENERAL], [6 * 60 + 10, RANDOM]] as const) await post(min, ch);
  await post(2, GENERAL, G2);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

const WIDE = { from: at(-24 * 60), to: at(3 * 24 * 60) };

describe('analytics: messages per bucket and per channel (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('counts messages per hour and day and channel, as Discord dated them, and per channel over the window', async () => {
    const hours = await getMessageActivity(world.pool, { guildId: G1, range: 'hour', ...WIDE });
    expect(hours.points).toEqual([
      { bucket: '2026-03-02T23:00:00.000Z', channelId: GENERAL, n: 3 },
      { bucket: '2026-03-02T23:00:00.000Z', channelId: RANDOM, n: 1 },
      { bucket: '2026-03-03T00:00:00.000Z', channelId: GENERAL, n: 2 },
      { bucket: '2026-03-03T05:00:00.000Z', channelId: RANDOM, n: 1 },
    ]);
    const days = await getMessageActivity(world.pool, { guildId: G1, range: 'day', ...WIDE });
    expect(days.points).toEqual([
      { bucket: '2026-03-02T00:00:00.000Z', channelId: GENERAL, n: 3 },
      { bucket: '2026-03-02T00:00:00.000Z', channelId: RANDOM, n: 1 },
      { bucket: '2026-03-03T00:00:00.000Z', channelId: GENERAL, n: 2 },
      { bucket: '2026-03-03T00:00:00.000Z', channelId: RANDOM, n: 1 },
    ]);
    expect(days.channels).toEqual([
      { channelId: GENERAL, n: 5 },
      { channelId: RANDOM, n: 2 },
    ]);
    // The window bounds it; another guild's messages are its own.
    expect((await getMessageActivity(world.pool, { guildId: G1, range: 'day', from: at(60), to: at(3 * 24 * 60) })).channels).toEqual([
      { channelId: GENERAL, n: 2 },
      { channelId: RANDOM, n: 1 },
    ]);
    expect((await getMessageActivity(world.pool, { guildId: G2, range: 'week', ...WIDE })).points).toEqual([{ bucket: '2026-03-02T00:00:00.000Z', channelId: GENERAL, n: 1 }]);
  });

  it('adds messages to the weekday × hour heatmap', async () => {
    const heat = await getActivityHeatmap(world.pool, { guildId: G1 });
    expect(heat.find((c) => c.weekday === 1 && c.hour === 23)?.n).toBe(4);
    expect(heat.find((c) => c.weekday === 2 && c.hour === 0)?.n).toBe(2);
    expect(heat.reduce((a, c) => a + c.n, 0)).toBe(7);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(getMessageActivity(world.pool, { guildId: G1, range: 'day', from: at(2), to: at(1) })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('from: must be before to') });
    await expect(getMessageActivity(world.pool, { guildId: 'general', range: 'day' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('guildId') });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, analyticsProjection, {
      message_flow: 'guild_id, hour, channel_id',
      activity_heat: 'guild_id, weekday, hour',
    });
    expect(before.message_flow).toHaveLength(5);
    expect(after).toEqual(before);
  });
});
