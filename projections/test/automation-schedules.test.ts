import type { HandlerOutcome } from '@guildhall/eventing';
import { automationHandler } from '@guildhall/automation/handler';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationSchedulesProjection, getSchedule, listScheduleRuns, listSchedules } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const CHANNEL = '300000000000000001';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Ann' };
const FUZZY: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Fuzzy River' };
const SCHEDULER: Actor = { kind: 'system', id: 'guildhall-scheduler', name: 'Guildhall scheduler' };
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;

const send = async (type: string, payload: unknown, o: { s: number; guildId?: string; actor?: Actor }): Promise<void> => {
  const id = deterministicId('schedules-rm-test', ++n);
  const result = await handle({ id, type, issuedAt: at(o.s), guildId: o.guildId ?? G1, actor: o.actor ?? ANN, source: 'web', correlationId: id, causationId: null, payload });
  if (result.status !== 'accepted') throw new Error(`${type} ${result.status}: ${JSON.stringify(result)}`);
};
const message = (content: string) => ({ kind: 'message', channelId: CHANNEL, content });

beforeAll(async () => {
  world = await createTestWorld('sched');
  handle = automationHandler(world.store);
  await world.startRunners([automationSchedulesProjection]);
  await send('CreateSchedule', { scheduleId: 'once', trigger: { kind: 'once', at: at(5) }, action: message('in five seconds') }, { s: 0 });
  await send('CreateSchedule', { scheduleId: 'hourly', name: 'Hourly', trigger: { kind: 'cron', cron: '0 * * * *', timeZone: 'Europe/Berlin' }, action: message('every hour'), missedRun: 'skip' }, { s: 1 });
  await send('CreateSchedule', { scheduleId: 'daily', trigger: { kind: 'cron', cron: '0 9 * * *', timeZone: 'Europe/Berlin' }, action: message('daily') }, { s: 2 });
  await send('CreateSchedule', { scheduleId: 'other', trigger: { kind: 'once', at: at(50) }, action: message('other guild') }, { s: 2, guildId: G2 });
  await send('FireSchedule', { scheduleId: 'once', dueAt: at(5) }, { s: 5, actor: SCHEDULER });
  await send('RecordScheduleRunOutcome', { scheduleId: 'once', runNumber: 1, outcome: 'succeeded', messageId: '990000000000000001' }, { s: 6, actor: SCHEDULER });
  // Down from 12:00 to 15:10: the 13:00 run is missed and skipped by its policy.
  await send('FireSchedule', { scheduleId: 'hourly', dueAt: '2026-03-01T13:00:00.000Z' }, { s: 3 * 3600 + 600, actor: SCHEDULER });
  await send('FireSchedule', { scheduleId: 'hourly', dueAt: '2026-03-01T16:00:00.000Z' }, { s: 4 * 3600 + 1, actor: SCHEDULER });
  await send('RecordScheduleRunOutcome', { scheduleId: 'hourly', runNumber: 1, outcome: 'failed', detail: 'Missing Access' }, { s: 4 * 3600 + 2, actor: SCHEDULER });
  await send('UpdateSchedule', { scheduleId: 'daily', action: message('daily, edited') }, { s: 10, actor: FUZZY });
  await send('PauseSchedule', { scheduleId: 'daily' }, { s: 11, actor: FUZZY });
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('automation_schedules read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists the guild’s schedules, next to run first, with status, next run and who made and changed each', async () => {
    const list = await listSchedules(world.pool, { guildId: G1 });
    expect(list.map((s) => [s.scheduleId, s.status, s.nextRunAt])).toEqual([
      ['hourly', 'active', '2026-03-01T17:00:00.000Z'],
      ['daily', 'paused', '2026-03-02T08:00:00.000Z'],
      ['once', 'completed', null],
    ]);
    const daily = await getSchedule(world.pool, { guildId: G1, scheduleId: 'daily' });
    expect(daily).toMatchObject({ createdBy: ANN, updatedBy: FUZZY, action: { content: 'daily, edited' }, trigger: { cron: '0 9 * * *', timeZone: 'Europe/Berlin' } });
    expect(await listSchedules(world.pool, { guildId: G1, status: ['paused'] })).toHaveLength(1);
    expect((await listSchedules(world.pool, { guildId: G2 })).map((s) => s.scheduleId)).toEqual(['other']);
    expect(await getSchedule(world.pool, { guildId: G2, scheduleId: 'daily' })).toBeNull();
  });

  it('keeps every run with its outcome: succeeded with the message, skipped after downtime, failed with the reason', async () => {
    expect(await listScheduleRuns(world.pool, { guildId: G1, scheduleId: 'once' })).toEqual([
      { runNumber: 1, dueAt: at(5), firedAt: at(5), outcome: 'succeeded', late: false, missedRuns: 0, detail: null, messageId: '990000000000000001', settledAt: at(6) },
    ]);
    const hourly = await listScheduleRuns(world.pool, { guildId: G1, scheduleId: 'hourly' });
    expect(hourly.map((r) => [r.runNumber, r.dueAt, r.outcome, r.missedRuns, r.detail])).toEqual([
      [1, '2026-03-01T16:00:00.000Z', 'failed', 0, 'Missing Access'],
      [null, '2026-03-01T13:00:00.000Z', 'skipped', 3, null],
    ]);
  });

  it('refuses bad query input with INVALID_QUERY', async () => {
    await expect(listSchedules(world.pool, { guildId: 'x' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    await expect(listScheduleRuns(world.pool, { guildId: G1, scheduleId: 'a.b' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, automationSchedulesProjection, { schedules: 'guild_id, schedule_id', runs: 'guild_id, schedule_id, seq' });
    expect(before.schedules!.length).toBe(4);
    expect(after).toEqual(before);
  });
});
