import { notificationsHandler } from '@guildhall/appeals/notifications-handler';
import type { HandlerOutcome } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotificationDeliveries, notificationDeliveriesProjection, notificationDeliveryCounts } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const T0 = Date.parse('2026-12-03T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;

const send = async (type: string, payload: Record<string, unknown>, s: number, guildId = G1): Promise<void> => {
  const id = deterministicId('deliveries-rm-test', ++n);
  const r = await handle({ id, type, issuedAt: at(s), guildId, actor: { kind: 'system', id: 'notifier', name: 'Notifier' }, source: 'api', correlationId: id, causationId: null, payload });
  if (r.status !== 'accepted') throw new Error(`${type}: ${JSON.stringify(r)}`);
};
const queue = (id: string, channel: 'email' | 'dm' | 'channel', s: number, guildId = G1) =>
  send(
    'QueueNotification',
    {
      notificationId: id,
      kind: channel === 'channel' ? 'appeal-submitted' : 'appeal-decided',
      recipient: channel === 'email' ? { channel, userId: '300', email: 'mia@example.test' } : channel === 'dm' ? { channel, userId: '300' } : { channel, channelId: '800' },
      content: { subject: `about ${id}`, text: 'hello', html: channel === 'email' ? '<p>hello</p>' : null },
      trigger: { eventId: `ev-${id}`, type: 'AppealDecided' },
      retry: { maxAttempts: 2, backoffMs: [60_000] },
    },
    s,
    guildId,
  );

beforeAll(async () => {
  world = await createTestWorld('deliveries');
  handle = notificationsHandler(world.store);
  await world.startRunners([notificationDeliveriesProjection]);
  await queue('sent-1', 'dm', 1);
  await send('RecordNotificationSent', { notificationId: 'sent-1', attempt: 1, providerId: '900' }, 2);
  await queue('retry-1', 'email', 3);
  await send('RecordNotificationAttemptFailed', { notificationId: 'retry-1', attempt: 1, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED 127.0.0.1:2525' }, 4);
  await queue('gone-1', 'channel', 5);
  await send('RecordNotificationAttemptFailed', { notificationId: 'gone-1', attempt: 1, code: 'DISCORD_50001', reason: 'missing access', permanent: true }, 6);
  await queue('other-guild', 'dm', 7, G2);
  await queue('waiting-1', 'dm', 8);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('notification_deliveries read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists a guild\'s deliveries newest first with status, attempts, the last failure and the next retry', async () => {
    const page = await listNotificationDeliveries(world.pool, { guildId: G1 });
    expect(page.items.map((d) => [d.notificationId, d.status, d.attempts])).toEqual([
      ['waiting-1', 'queued', 0],
      ['gone-1', 'given-up', 1],
      ['retry-1', 'retrying', 1],
      ['sent-1', 'sent', 1],
    ]);
    expect(page.items[2]).toMatchObject({ channel: 'email', recipientId: '300', lastCode: 'SMTP_UNREACHABLE', lastReason: 'ECONNREFUSED 127.0.0.1:2525', nextAttemptAt: at(64) });
    expect(JSON.stringify(page.items)).not.toContain('mia@example.test');
  });

  it('filters the failing ones, pages with a cursor, counts by status', async () => {
    expect((await listNotificationDeliveries(world.pool, { guildId: G1, status: 'failing' })).items.map((d) => d.notificationId)).toEqual(['gone-1', 'retry-1']);
    const first = await listNotificationDeliveries(world.pool, { guildId: G1, limit: 3 });
    expect(first.nextCursor).not.toBeNull();
    const second = await listNotificationDeliveries(world.pool, { guildId: G1, limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((d) => d.notificationId)).toEqual(['sent-1']);
    expect(await notificationDeliveryCounts(world.pool, { guildId: G1 })).toEqual({ queued: 1, retrying: 1, sent: 1, givenUp: 1 });
    await expect(listNotificationDeliveries(world.pool, { guildId: G1, status: 'lost' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, notificationDeliveriesProjection, { deliveries: 'notification_id' });
    expect(before.deliveries!.length).toBe(5);
    expect(after).toEqual(before);
  });
});
