import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsProjection, getActivityHeatmap, getMemberGrowth, getModerationActions, getModeratorStats } from '../src/index.js';
import { runCommunityScenario } from './support/community-scenario.js';
import { at, G1, G2, runModerationScenario, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;
const WIDE = { from: at(-7), to: at(14) };

beforeAll(async () => {
  world = await createTestWorld('analytics');
  await world.startRunners([analyticsProjection]);
  await runCommunityScenario(world.store);
  scenario = await runModerationScenario(world.store, 3);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('analytics read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('counts joins, leaves and net growth per hour, day, week and month (UTC buckets)', async () => {
    // Day 0 (Monday 2026-03-02): five joins, a leave and a rejoin in the 08:00 hour; member 3
    // leaves at 09:11; day 1: member 9 joins. A repeated join recorded nothing.
    const hours = await getMemberGrowth(world.pool, { guildId: G1, range: 'hour', ...WIDE });
    expect(hours.points).toEqual([
      { bucket: '2026-03-02T08:00:00.000Z', joins: 6, leaves: 1, net: 5 },
      { bucket: '2026-03-02T09:00:00.000Z', joins: 0, leaves: 1, net: -1 },
      { bucket: '2026-03-03T09:00:00.000Z', joins: 1, leaves: 0, net: 1 },
    ]);
    const days = await getMemberGrowth(world.pool, { guildId: G1, range: 'day', ...WIDE });
    expect(days.points).toEqual([
      { bucket: '2026-03-02T00:00:00.000Z', joins: 6, leaves: 2, net: 4 },
      { bucket: '2026-03-03T00:00:00.000Z', joins: 1, leaves: 0, net: 1 },
    ]);
    const weeks = await getMemberGrowth(world.pool, { guildId: G1, range: 'week', ...WIDE });
    expect(weeks.points).toEqual([{ bucket: '2026-03-02T00:00:00.000Z', joins: 7, leaves: 2, net: 5 }]);
    const months = await getMemberGrowth(world.pool, { guildId: G1, range: 'month', from: at(-40), to: at(40) });
    expect(months.points).toEqual([{ bucket: '2026-03-01T00:00:00.000Z', joins: 7, leaves: 2, net: 5 }]);
    // The window bounds it; another guild's members are its own.
    expect((await getMemberGrowth(world.pool, { guildId: G1, range: 'day', from: at(1), to: at(14) })).points).toEqual([days.points[1]]);
    expect((await getMemberGrowth(world.pool, { guildId: G2, range: 'week', ...WIDE })).points).toEqual([{ bucket: '2026-03-02T00:00:00.000Z', joins: 1, leaves: 0, net: 1 }]);
  });

  it('counts moderation actions by type per day, as the cases were opened', async () => {
    const g1 = scenario.cases.filter((c) => c.guildId === G1);
    const expected = new Map<string, number>();
    for (const c of g1) {
      const key = `${c.openedAt.slice(0, 10)}T00:00:00.000Z|${c.type}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const series = await getModerationActions(world.pool, { guildId: G1, range: 'day', ...WIDE });
    const got = new Map(series.points.map((p) => [`${p.bucket}|${p.action}`, p.n]));
    expect(got).toEqual(expected);
    expect(new Set(series.points.map((p) => p.action)).size).toBeGreaterThan(3);
  });

  it('per moderator: actions, lifted later, and shares', async () => {
    const g1 = scenario.cases.filter((c) => c.guildId === G1);
    const stats = await getModeratorStats(world.pool, { guildId: G1 });
    const byMod = new Map<string, { actions: number; lifted: number }>();
    for (const c of g1) {
      const m = byMod.get(c.moderatorId) ?? { actions: 0, lifted: 0 };
      m.actions += 1;
      if (c.status === 'lifted') m.lifted += 1;
      byMod.set(c.moderatorId, m);
    }
    expect(new Map(stats.map((s) => [s.moderatorId, { actions: s.actions, lifted: s.lifted }]))).toEqual(byMod);
    const ann = stats.find((s) => s.moderatorId === scenario.named.lifted.moderatorId)!;
    expect(ann.lifted).toBeGreaterThanOrEqual(1);
    expect(ann.name).toBe('Ann');
    expect(ann.liftedShare).toBeCloseTo(ann.lifted / ann.actions);
    expect(stats.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1);
  });

  it('fills the weekday × hour heatmap with every cell', async () => {
    const heat = await getActivityHeatmap(world.pool, { guildId: G1 });
    expect(heat).toHaveLength(168);
    // Monday 08:00 UTC: six joins, a leave, an edit and a delete.
    expect(heat.find((c) => c.weekday === 1 && c.hour === 8)?.n).toBe(9);
    const cases = scenario.cases.filter((c) => c.guildId === G1).length;
    expect(heat.reduce((a, c) => a + c.n, 0)).toBe(7 + 2 + 2 + cases);
    expect((await getActivityHeatmap(world.pool, { guildId: '100000000000000099' })).every((c) => c.n === 0)).toBe(true);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(getMemberGrowth(world.pool, { guildId: G1, range: 'year' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('range') });
    await expect(getMemberGrowth(world.pool, { guildId: G1, range: 'day', from: at(2), to: at(1) })).rejects.toMatchObject({ message: expect.stringContaining('from: must be before to') });
    await expect(getModerationActions(world.pool, { guildId: G1, range: 'hour', from: at(-100), to: at(100) })).rejects.toMatchObject({ message: expect.stringContaining('range') });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, analyticsProjection, {
      member_flow: 'guild_id, hour',
      moderation_actions: 'guild_id, hour, action',
      case_moderators: 'guild_id, case_number',
      moderators: 'guild_id, moderator_id',
      activity_heat: 'guild_id, weekday, hour',
      message_flow: 'guild_id, hour, channel_id',
    });
    expect(before.moderation_actions!.length).toBeGreaterThan(3);
    expect(before.moderators!.length).toBeGreaterThan(1);
    expect(after).toEqual(before);
  });
});
