import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGuildOverview, guildOverviewProjection } from '../src/index.js';
import { runCommunityScenario } from './support/community-scenario.js';
import { at, G1, G2, runModerationScenario, user, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;

beforeAll(async () => {
  world = await createTestWorld('overview');
  await world.startRunners([guildOverviewProjection]);
  await runCommunityScenario(world.store);
  scenario = await runModerationScenario(world.store, 0);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('guild overview read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('counts members from the last presence sample and the joins and leaves since', async () => {
    const o = await getGuildOverview(world.pool, { guildId: G1, now: at(3, 30) });
    // Sample at day 1: 123 members, 40 online + 4 idle + 1 dnd; then member 9 joined.
    expect(o).toMatchObject({ memberCount: 124, onlineCount: 45, presence: { online: 40, idle: 4, dnd: 1, offline: 78, sampledAt: at(1, 30) } });
    // No sample in the second guild: the joins recorded there.
    expect(await getGuildOverview(world.pool, { guildId: G2, now: at(3, 30) })).toMatchObject({ memberCount: 1, onlineCount: 0, presence: null });
  });

  it('counts cases today and this week (UTC) at the moment asked', async () => {
    const g1 = scenario.cases.filter((c) => c.guildId === G1);
    const onDay = (d: number) => g1.filter((c) => c.openedAt >= at(d, -540) && c.openedAt < at(d + 1, -540)).length;
    const thursday = await getGuildOverview(world.pool, { guildId: G1, now: at(3, 30) });
    expect(thursday).toMatchObject({ casesToday: onDay(3), casesThisWeek: g1.length, casesLast7Days: g1.length });
    expect(onDay(3)).toBe(2);
    const monday = await getGuildOverview(world.pool, { guildId: G1, now: at(0, 30) });
    expect(monday).toMatchObject({ casesToday: onDay(0), casesThisWeek: onDay(0) });
    // Next Monday: a new week, last week's cases still within the last 7 days for some.
    const nextMonday = await getGuildOverview(world.pool, { guildId: G1, now: at(7, 1) });
    expect(nextMonday).toMatchObject({ casesToday: 0, casesThisWeek: 0, casesLast7Days: g1.length - onDay(0) });
  });

  it('lists open temporary actions: scheduled expiries not yet expired, cancelled or lifted', async () => {
    const o = await getGuildOverview(world.pool, { guildId: G1 });
    expect(o.openTemporaryActions).toBe(1);
    expect(o.nextDue).toEqual([{ caseNumber: scenario.named.timedOut.caseNumber, action: 'timeout', target: user(2), dueAt: at(0, 15) }]);
  });

  it('answers zeros for a guild without events and refuses bad input', async () => {
    expect(await getGuildOverview(world.pool, { guildId: '100000000000000099' })).toMatchObject({
      memberCount: 0,
      onlineCount: 0,
      casesToday: 0,
      openTemporaryActions: 0,
      nextDue: [],
      updatedAt: null,
    });
    await expect(getGuildOverview(world.pool, { guildId: G1, now: 'soon' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, guildOverviewProjection, {
      guilds: 'guild_id',
      present: 'guild_id, user_id',
      case_days: 'guild_id, day',
      open_temporary_actions: 'guild_id, case_number',
    });
    expect(before.case_days!.length).toBeGreaterThan(2);
    expect(after).toEqual(before);
  });
});
