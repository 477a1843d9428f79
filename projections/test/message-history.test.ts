import type { HandlerOutcome } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { commands } from '@guildhall/community';
import { communityHandler } from '@guildhall/community/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { countMessagesPerDay, listMessageHistory, messageHistoryProjection, messagesSince } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const GENERAL = '600000000000000001';
const RANDOM = '600000000000000002';
const GATEWAY: Actor = { kind: 'system', id: 'discord-gateway', name: 'gateway' };
type User = { id: string; username: string; globalName: string | null; bot: boolean };
const ann: User = { id: '300000000000000001', username: 'ann', globalName: 'Ann', bot: false };
const bob: User = { id: '300000000000000002', username: 'bob', globalName: null, bot: false };
const T0 = Date.parse('2026-03-01T23:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const mid = (n: number) => `7000000000000000${String(n).padStart(2, '0')}`;

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;

const fact = async <T extends keyof typeof commands>(type: T, payload: z.input<(typeof commands)[T]>, o: { guildId?: string; min: number; id?: string }) => {
  const id = o.id ?? deterministicId('message-history-test', ++n);
  const r = await handle({ id, type, issuedAt: at(o.min), guildId: o.guildId ?? G1, actor: GATEWAY, source: 'discord', correlationId: id, causationId: null, payload });
  if (r.status !== 'accepted') throw new Error(`${type} ${r.status}: ${JSON.stringify(r)}`);
  return r;
};
const post = (m: number, o: { channelId?: string; author?: User; content?: string | null; min: number; guildId?: string; mentions?: string[] }) =>
  fact('RecordMessagePosted', { messageId: mid(m), channelId: o.channelId ?? GENERAL, author: o.author ?? ann, content: o.content === undefined ? `message ${m}` : o.content, createdAt: at(o.min), mentionedUserIds: o.mentions ?? [] }, { min: o.min, ...(o.guildId ? { guildId: o.guildId } : {}) });

beforeAll(async () => {
  world = await createTestWorld('msghist');
  handle = communityHandler(world.store);
  await world.startRunners([messageHistoryProjection]);
  await post(1, { min: 0, content: 'hello all' });
  await post(2, { min: 1, author: bob, content: 'JOIN MY SERVER discord.gg/spam now!', mentions: [ann.id] });
  await post(3, { min: 2, channelId: RANDOM, content: 'see https://example.com/a, and http://x.test' });
  await post(4, { min: 61, content: null });
  await post(5, { min: 62, guildId: G2, content: 'other guild' });
  // The same fact again under a new command id (replayed after the dedupe window): one row.
  await post(1, { min: 0, content: 'hello all' });
  await fact('RecordMessageEdited', { messageId: mid(1), channelId: GENERAL, author: ann, before: 'hello all', after: 'hello all, see discord.gg/abc', editedAt: at(3) }, { min: 3 });
  await fact('RecordMessageDeleted', { messageId: mid(2), channelId: GENERAL, author: bob, content: null }, { min: 4 });
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('message_history read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('one row per posted message, newest first, with links from the content and the later edit/delete', async () => {
    const page = await listMessageHistory(world.pool, { guildId: G1 });
    expect(page.items.map((m) => m.messageId)).toEqual([mid(4), mid(3), mid(2), mid(1)]);
    const byId = Object.fromEntries(page.items.map((m) => [m.messageId, m]));
    expect(byId[mid(1)]).toMatchObject({ content: 'hello all, see discord.gg/abc', links: ['discord.gg/abc'], editedAt: at(3), deletedAt: null, authorName: 'Ann' });
    expect(byId[mid(2)]).toMatchObject({ content: 'JOIN MY SERVER discord.gg/spam now!', links: ['discord.gg/spam'], mentionedUserIds: [ann.id], deletedAt: at(4), authorName: 'bob' });
    expect(byId[mid(3)]).toMatchObject({ channelId: RANDOM, links: ['https://example.com/a', 'http://x.test'] });
    expect(byId[mid(4)]).toMatchObject({ content: null, links: [], createdAt: at(61) });
  });

  it('filters by channel, author and time; pages by cursor', async () => {
    expect((await listMessageHistory(world.pool, { guildId: G1, channelId: RANDOM })).items.map((m) => m.messageId)).toEqual([mid(3)]);
    expect((await listMessageHistory(world.pool, { guildId: G1, authorId: bob.id })).items.map((m) => m.messageId)).toEqual([mid(2)]);
    expect((await listMessageHistory(world.pool, { guildId: G1, from: at(1), to: at(61) })).items.map((m) => m.messageId)).toEqual([mid(3), mid(2)]);
    const first = await listMessageHistory(world.pool, { guildId: G1, limit: 3 });
    const rest = await listMessageHistory(world.pool, { guildId: G1, limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((m) => m.messageId)).toEqual([mid(4), mid(3), mid(2), mid(1)]);
    expect(rest.nextCursor).toBeNull();
    expect((await listMessageHistory(world.pool, { guildId: G2 })).items.map((m) => m.content)).toEqual(['other guild']);
  });

  it('messagesSince replays oldest first; countMessagesPerDay counts per UTC day and channel', async () => {
    expect((await messagesSince(world.pool, { guildId: G1, from: at(0) })).map((m) => m.messageId)).toEqual([mid(1), mid(2), mid(3), mid(4)]);
    expect((await messagesSince(world.pool, { guildId: G1, from: at(2), max: 1 })).map((m) => m.messageId)).toEqual([mid(3)]);
    expect(await countMessagesPerDay(world.pool, { guildId: G1, from: at(-60) })).toEqual([
      { day: '2026-03-01', channelId: GENERAL, messages: 2 },
      { day: '2026-03-01', channelId: RANDOM, messages: 1 },
      { day: '2026-03-02', channelId: GENERAL, messages: 1 },
    ]);
  });

  it('refuses bad input naming the field', async () => {
    await expect(listMessageHistory(world.pool, { guildId: 'x' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('guildId') });
    await expect(listMessageHistory(world.pool, { guildId: G1, cursor: 'nope' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('cursor') });
    await expect(messagesSince(world.pool, { guildId: G1, from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('from') });
  });

  it('rebuilds to the same rows', async () => {
    const { before, after, events } = await rebuildAndSnapshot(world, messageHistoryProjection, { messages: 'guild_id, message_id' });
    expect(events).toBeGreaterThan(0);
    expect(before.messages).toHaveLength(5);
    expect(after).toEqual(before);
  });
});
