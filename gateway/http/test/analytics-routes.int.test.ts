import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

describe('analytics routes against the real stack (NATS, PostgreSQL, sandbox, moderation)', () => {
  let stack: TestStack;
  let signedIn: Browser;
  let moderatorId: string;
  let targets: string[];
  const path = (p: string) => `/api/guilds/${stack.guildId}/analytics/${p}`;

  beforeAll(async () => {
    stack = await startTestStack('analytics');
    const people = stack.sandbox.world.people(stack.guildId);
    moderatorId = people.moderators[0]!;
    targets = people.members.slice(1, 3);
    signedIn = new Browser(stack.gateway.url);
    await logIn(signedIn, stack.sandbox, moderatorId);
  });
  afterAll(async () => stack?.dispose());

  it('counts the bans a moderator made, per day and per moderator, once projected', async () => {
    for (const t of targets) {
      const res = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/BanMember`, { body: { target: { id: t, name: null }, reason: 'analytics test' } });
      expect(res.status).toBe(200);
    }
    const day = new Date().toISOString().slice(0, 10);
    const series = await eventually(async () => {
      const body = await json(await signedIn.api(path('moderation?range=day')));
      const points = body.points as { bucket: string; action: string; n: number }[];
      return points.some((p) => p.action === 'ban' && p.n >= 2) ? body : undefined;
    }, 20_000, 'the bans in the analytics read model');
    expect(series).toMatchObject({ range: 'day', points: expect.arrayContaining([{ bucket: `${day}T00:00:00.000Z`, action: 'ban', n: 2 }]) });
    const mods = await json(await signedIn.api(path('moderators')));
    expect(mods.moderators).toEqual([expect.objectContaining({ moderatorId, kind: 'dashboard-user', actions: 2, lifted: 0, share: 1 })]);
    const heat = await json(await signedIn.api(path('heatmap')));
    expect(heat.cells).toHaveLength(168);
    const now = new Date();
    expect((heat.cells as { weekday: number; hour: number; n: number }[]).find((c) => c.weekday === now.getUTCDay() && c.hour === now.getUTCHours())?.n).toBeGreaterThanOrEqual(2);
    const members = await signedIn.api(path('members?range=hour'));
    expect(members.status).toBe(200);
    expect(await json(members)).toMatchObject({ range: 'hour', points: expect.any(Array) });
  });

  it('counts messages members post per day and per channel (MessagePosted → analytics)', async () => {
    const general = stack.sandbox.world.channelByName(stack.guildId, 'general').id;
    // What the bot records on MESSAGE_CREATE (this stack's bot runs the executor only).
    for (const [i, t] of targets.entries()) {
      const u = stack.sandbox.world.state.user(t);
      await stack.fact('RecordMessagePosted', { messageId: `90000000000000000${i}`, channelId: general, author: { id: t, username: u.username, globalName: u.global_name ?? null, bot: false }, content: null, createdAt: new Date().toISOString() });
    }
    const day = new Date().toISOString().slice(0, 10);
    const body = await eventually(async () => {
      const b = await json(await signedIn.api(path('messages?range=day')));
      return (b.channels as { channelId: string; n: number }[]).some((c) => c.channelId === general && c.n >= 2) ? b : undefined;
    }, 20_000, 'the messages in the analytics read model');
    expect(body).toMatchObject({ range: 'day', points: expect.arrayContaining([{ bucket: `${day}T00:00:00.000Z`, channelId: general, n: 2 }]) });
    const bad = await signedIn.api(path('messages?range=year'));
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_QUERY', field: 'range' } });
  });

  it('refuses bad or unknown parameters with 400 naming them, and strangers with 401', async () => {
    const bad = await signedIn.api(path('members?range=year'));
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_QUERY', field: 'range' } });
    const unknown = await signedIn.api(path('heatmap?x=1'));
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toMatchObject({ error: { code: 'INVALID_QUERY', reason: expect.stringContaining('"x"') } });
    const backwards = await signedIn.api(path(`moderation?from=${encodeURIComponent('2026-01-02T00:00:00Z')}&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`));
    expect(backwards.status).toBe(400);
    expect((await json(backwards)).error).toMatchObject({ code: 'INVALID_QUERY' });
    expect((await new Browser(stack.gateway.url).api(path('heatmap'))).status).toBe(401);
  });
});
