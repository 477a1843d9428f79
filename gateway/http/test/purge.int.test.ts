import { messagePurgeStreamId } from '@guildhall/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

/**
 * A purge from the web, through messaging, the bot's executor and the sandbox: with a member
 * given, only that member's recent messages go; bad input is a 400 naming the field, and nothing
 * is appended.
 */
describe('purge from the web against the real stack', () => {
  let stack: TestStack;
  let moderator: Browser;
  const path = () => `/api/guilds/${stack.guildId}/commands/messaging/PurgeMessages`;

  beforeAll(async () => {
    stack = await startTestStack('purge');
    moderator = new Browser(stack.gateway.url);
    await logIn(moderator, stack.sandbox, stack.sandbox.world.people(stack.guildId).moderators[0]!);
  });
  afterAll(async () => stack?.dispose());

  it("purges one member's messages: theirs are gone, the other member's stay, and the outcome is on the purge's stream", async () => {
    const { world } = stack.sandbox;
    const channelId = world.channelByName(stack.guildId, 'random').id;
    const [spammer, bystander] = world.people(stack.guildId).members.filter((id) => !world.messages(channelId).some((m) => m.author.id === id));
    const spam: string[] = [];
    const chat: string[] = [];
    for (let i = 0; i < 4; i++) {
      spam.push(world.sendMessage({ channelId, userId: spammer!, content: `buy now ${i}` }).id);
      chat.push(world.sendMessage({ channelId, userId: bystander!, content: `hello ${i}` }).id);
    }
    await new Promise((r) => setTimeout(r, 5));
    const res = await moderator.api(path(), { body: { channelId, count: 10, userId: spammer, reason: 'spam wave' } });
    expect(res.status).toBe(200);
    const accepted = await json(res);
    expect(accepted).toMatchObject({ status: 'accepted' });
    const streamId = messagePurgeStreamId(stack.guildId, accepted.commandId as string);
    await eventually(async () => ((await stack.store.readStream(streamId)).events.some((e) => e.type === 'MessagesPurged') ? true : undefined), 30_000, 'the purge outcome');
    expect((await stack.store.readStream(streamId)).events.map((e) => e.type)).toEqual(['MessagesPurgeRequested', 'MessagesPurged']);
    const [requested, purged] = (await stack.store.readStream(streamId)).events;
    expect(requested!.payload).toMatchObject({ channelId, count: 10, userId: spammer, reason: 'spam wave' });
    expect(purged!.payload).toMatchObject({ deletedCount: 4, skippedCount: 0 });
    const left = new Set(world.messages(channelId).map((m) => m.id));
    expect(spam.filter((id) => left.has(id))).toEqual([]);
    expect(chat.filter((id) => left.has(id))).toEqual(chat);
    // What the dashboard follows: the purge's stream in the audit log, with the counts.
    await eventually(async () => {
      const log = await json(await moderator.api(`/api/guilds/${stack.guildId}/audit-log?streamId=${encodeURIComponent(streamId)}&order=asc`));
      expect((log.items as Json[]).map((e) => [e.type, (e.payload as Json).deletedCount])).toEqual([['MessagesPurgeRequested', undefined], ['MessagesPurged', 4]]);
      return true;
    }, 30_000, 'the purge in the audit log');
  });

  it('answers bad input with 400 naming the field, and appends nothing', async () => {
    const channelId = stack.sandbox.world.channelByName(stack.guildId, 'random').id;
    const before = (await stack.store.readAll()).length;
    const cases: [Json, string][] = [
      [{ channelId, count: 0 }, 'count'],
      [{ channelId, count: 101 }, 'count'],
      [{ channelId: '#general', count: 5 }, 'channelId'],
      [{ channelId, count: 5, userId: 'bob' }, 'userId'],
      [{ channelId, count: 5, userId: '12345678901234567890123' }, 'userId'],
    ];
    for (const [body, field] of cases) {
      const res = await moderator.api(path(), { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await json(res)).toMatchObject({ error: { code: 'INVALID_COMMAND', field } });
    }
    expect((await stack.store.readAll()).length).toBe(before);
  });
});
