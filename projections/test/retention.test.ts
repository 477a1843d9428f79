import { randomBytes } from 'node:crypto';
import {
  auditNames,
  auditSecret,
  Chainer,
  connectNats,
  createLogger,
  createSealer,
  ERASED,
  JetStreamEventStore,
  memberKeysBucket,
  NO_STREAM,
  verifyStore,
  withPersonalData,
  type PersonalDataStore,
} from '@guildhall/eventing';
import { newId, type NewEvent } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPersonalData, guildsWithDayKeys, runRetention } from '../src/index.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger('retention-test', 'silent');
const secret = auditSecret('retention-test-secret-0123456789');
const NOW = new Date('2026-06-30T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const G = '700000000000000001';
const AUTHOR = { id: '700000000000000002', username: 'chatty_fox', globalName: null, bot: false };
const ADMIN = { kind: 'dashboard-user' as const, id: '700000000000000003', name: 'Ann' };

let nc: Awaited<ReturnType<typeof connectNats>>;
let pd: PersonalDataStore;
const id = `ret_${randomBytes(4).toString('hex')}`;
const streamName = `EV_${id}`;
const subjectPrefix = `es_${id}`;

const event = (type: string, payload: unknown, occurredAt: string): NewEvent => ({
  id: newId(), type, schemaVersion: 1, occurredAt, guildId: G, actor: { kind: 'system', id: 'discord-gateway', name: 'gateway' }, source: 'discord', correlationId: newId(), causationId: null, payload,
});
const deleted = (messageId: string, content: string, at: string) =>
  event('MessageDeleted', { messageId, channelId: '700000000000000010', author: AUTHOR, content, deletedAt: at }, at);
const contentOf = async (messageId: string) => ((await pd.store.readStream(`community.message.${G}-${messageId}`)).events[0]!.payload as { content: string }).content;
const setRetention = async (days: number | null, version: number) =>
  pd.store.append(`access.retention.${G}`, [event('RetentionSet', { messageContentDays: days, setBy: ADMIN, setAt: NOW.toISOString() }, NOW.toISOString())], version === 0 ? NO_STREAM : version);

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'retention-test');
  pd = await withPersonalData(await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger, sealer: createSealer(secret.sealKey) }), { nc, eventsStream: streamName, policy: allPersonalData });
});
afterAll(async () => {
  const an = auditNames(streamName, subjectPrefix);
  for (const s of [streamName, an.chainStream, an.auditStream, `KV_${memberKeysBucket(streamName)}`]) await nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
  await nc.close();
});

describe('per-guild retention: message content shredded after N days (injected clock)', () => {
  it('given content 40, 10 and 1 days old, when retention is 30 days, then only the 40-day-old content reads erased; the chain still verifies', async () => {
    await pd.store.append(`community.message.${G}-1`, [deleted('1', 'forty days ago', daysAgo(40))], NO_STREAM);
    await pd.store.append(`community.message.${G}-2`, [deleted('2', 'ten days ago', daysAgo(10))], NO_STREAM);
    await pd.store.append(`community.message.${G}-3`, [deleted('3', 'yesterday', daysAgo(1))], NO_STREAM);
    expect(guildsWithDayKeys(await pd.keys.list())).toEqual([G]);

    // No setting: nothing goes.
    expect(await runRetention({ store: pd.store, keys: pd.keys, now: NOW })).toMatchObject({ keysDestroyed: 0 });
    expect(await contentOf('1')).toBe('forty days ago');

    const first = await setRetention(30, 0);
    const run = await runRetention({ store: pd.store, keys: pd.keys, now: NOW });
    expect(run).toMatchObject({ keysDestroyed: 1, byGuild: { [G]: 1 } });
    expect(await contentOf('1')).toBe(ERASED);
    expect(await contentOf('2')).toBe('ten days ago');
    expect(await contentOf('3')).toBe('yesterday');
    // The author's name is member-scoped, not day-scoped: retention leaves it.
    expect(((await pd.store.readStream(`community.message.${G}-1`)).events[0]!.payload as { author: { username: string } }).author.username).toBe('chatty_fox');

    // Lowered to 7 days (a change on the setting's history), the ten-day-old content goes too.
    await setRetention(7, first.version);
    expect((await runRetention({ store: pd.store, keys: pd.keys, now: NOW })).keysDestroyed).toBe(1);
    expect(await contentOf('2')).toBe(ERASED);
    expect(await contentOf('3')).toBe('yesterday');

    const chainer = await Chainer.open({ nc, streamName, subjectPrefix, secret, logger });
    await chainer.catchUp();
    const report = await verifyStore(nc, { streamName, subjectPrefix, secret });
    expect(report.ok).toBe(true);
    expect(report.events).toBe(5);
  });
});
