import type { EventEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogProjection, listAuditLog, type AuditLogEntry, type AuditLogFilter } from '../src/index.js';
import { runCommunityScenario } from './support/community-scenario.js';
import { SCHEDULER } from './support/moderation-driver.js';
import { at, BOB, G1, G2, runModerationScenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let all: readonly EventEnvelope[];

beforeAll(async () => {
  world = await createTestWorld('audit');
  await world.startRunners([auditLogProjection]);
  await runModerationScenario(world.store, 5);
  await runCommunityScenario(world.store);
  await world.caughtUp();
  all = await world.store.readAll();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

const everything = async (filter: AuditLogFilter): Promise<AuditLogEntry[]> => {
  const out: AuditLogEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditLog(world.pool, { ...filter, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
};

const ids = (xs: readonly { eventId?: string; id?: string }[]) => xs.map((x) => x.eventId ?? x.id);

describe('audit log read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('holds every event of a guild in store order with actor, source, correlation and payload', async () => {
    const g1 = all.filter((e) => e.guildId === G1);
    const log = await everything({ guildId: G1, order: 'asc', limit: 37 });
    expect(log.map((e) => [e.eventId, e.type, e.streamId, e.version, e.position, e.occurredAt, e.actor, e.source, e.correlationId, e.causationId, e.payload])).toEqual(
      g1.map((e) => [e.id, e.type, e.streamId, e.version, e.position, e.occurredAt, e.actor, e.source, e.correlationId, e.causationId, e.payload]),
    );
    // Events of one commit share a position and are told apart by idx.
    const multi = log.filter((e, i) => i > 0 && log[i - 1]!.position === e.position);
    expect(multi.length).toBeGreaterThan(0);
    expect(multi.every((e) => e.idx > 0)).toBe(true);
    const desc = await everything({ guildId: G1, limit: 50 });
    expect(ids(desc)).toEqual(ids(log).reverse());
    expect(ids(await everything({ guildId: G2 }))).toEqual(ids(all.filter((e) => e.guildId === G2)).reverse());
  });

  it('filters by correlation id, actor, type, source, stream and time', async () => {
    const g1 = all.filter((e) => e.guildId === G1);
    const check = async (filter: Omit<AuditLogFilter, 'guildId'>, pick: (e: EventEnvelope) => boolean) => {
      const got = await everything({ guildId: G1, order: 'asc', limit: 10, ...filter });
      const want = g1.filter(pick);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(ids(got), JSON.stringify(filter)).toEqual(ids(want));
    };
    const bulk = g1.find((e) => e.type === 'BulkActionRequested')!;
    await check({ correlationId: bulk.correlationId }, (e) => e.correlationId === bulk.correlationId);
    await check({ actorId: BOB.id }, (e) => e.actor.id === BOB.id);
    await check({ actorId: SCHEDULER.id, source: 'scheduler' }, (e) => e.actor.id === SCHEDULER.id && e.source === 'scheduler');
    await check({ type: 'CaseOpened' }, (e) => e.type === 'CaseOpened');
    await check({ streamId: bulk.streamId }, (e) => e.streamId === bulk.streamId);
    await check({ from: at(1), to: at(2) }, (e) => e.occurredAt >= at(1) && e.occurredAt < at(2));
  });

  it('refuses bad input with INVALID_QUERY', async () => {
    await expect(listAuditLog(world.pool, { guildId: G1, source: 'telepathy' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    await expect(listAuditLog(world.pool, { guildId: G1, cursor: Buffer.from('{"q":"listCases","o":"desc","k":[1]}').toString('base64url') })).rejects.toThrow(
      /a cursor of listCases/,
    );
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, auditLogProjection, { events: 'position, idx' });
    expect(before.events!.length).toBe(all.length);
    expect(after).toEqual(before);
  });
});
