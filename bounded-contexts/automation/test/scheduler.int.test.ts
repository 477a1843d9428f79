import { deterministicId } from '@guildhall/kernel';
import { outgoingMessageStreamId } from '@guildhall/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandId, scheduleStreamId } from '../src/index.js';
import { rebuildProjection } from '@guildhall/eventing';
import { startScheduleRunner } from '../src/runtime/schedule-runner.js';
import { scheduleTimersProjection } from '../src/runtime/schedule-timers-projection.js';
import { startScheduleScheduler, type RunningScheduler } from '../src/runtime/schedule-scheduler.js';
import { BOT, command, createRuntimeWorld, eventually, logger, ManualClock, send, type RuntimeWorld } from './runtime-support.js';

let world: RuntimeWorld;
let runner: Awaited<ReturnType<typeof startScheduleRunner>>;
const clock = new ManualClock(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 60_000)); // one minute past a whole hour
let guildN = 0;
const freshGuild = () => `1${Date.now().toString().slice(-9)}${String(++guildN).padStart(6, '0')}`;
const CHANNEL = '300000000000000001';

/** The scheduler as the service runs it, on the test's clock; ticks are driven by hand. */
const startScheduler = () => startScheduleScheduler(world.deps, { clock: clock.now, tickMs: 60_000 });

const typesOf = async (guildId: string, scheduleId: string) => (await world.store.readStream(scheduleStreamId(guildId, scheduleId))).events.map((e) => e.type);
const create = async (guildId: string, scheduleId: string, trigger: unknown, missedRun: 'fire-once' | 'skip' = 'fire-once') =>
  expect(await send(world.bus, command(guildId, 'CreateSchedule', { scheduleId, trigger, action: { kind: 'message', channelId: CHANNEL, content: 'Hello from the schedule' }, missedRun }, clock.iso()))).toMatchObject({ status: 'accepted' });
/** Until the timers read model holds the schedule's latest due time. */
const armed = async (s: RunningScheduler) => {
  await s.runner.waitForPosition(await world.store.headPosition(), 10_000);
};

beforeAll(async () => {
  world = await createRuntimeWorld('autosched');
  runner = await startScheduleRunner(world.deps, { discordWaitMs: 5_000 });
}, 30_000);

afterAll(async () => {
  await runner?.stop();
  await world?.dispose();
});

describe('the schedules scheduler on the real NATS and PostgreSQL, with an injected clock', { timeout: 60_000 }, () => {
  it('a one-off fires when due, once, posts through messaging, and Discord’s answer is its run outcome', async () => {
    const scheduler = await startScheduler();
    try {
      const guild = freshGuild();
      await create(guild, 'once1', { kind: 'once', at: new Date(clock.now().getTime() + 5_000).toISOString() });
      await armed(scheduler);
      expect(await scheduler.timers.tick()).toBe(0); // not due yet
      clock.advance(5_100);
      expect(await scheduler.timers.tick()).toBe(1);
      const requestId = runCommandId(guild, 'once1', 1);
      const requested = await eventually(async () => {
        const events = (await world.store.readStream(outgoingMessageStreamId(guild, requestId))).events;
        return events.find((e) => e.type === 'MessageSendRequested');
      }, 15_000, 'the post requested from messaging');
      expect(requested.payload).toMatchObject({ channelId: CHANNEL, content: 'Hello from the schedule', requestedBy: { kind: 'automation', id: 'schedule:once1' } });
      expect(requested.source).toBe('scheduler');
      // The bot, as the action executor: Discord created the message.
      expect(await send(world.bus, { ...command(guild, 'RecordMessageSent', { requestId, messageId: '990000000000000001' }, clock.iso(), BOT), id: deterministicId(requestId, 'sent'), source: 'discord' }, 'messaging')).toMatchObject({ status: 'accepted' });
      await eventually(async () => ((await typesOf(guild, 'once1')).includes('ScheduleRunSucceeded') ? true : undefined), 15_000, 'the run outcome');
      const stream = (await world.store.readStream(scheduleStreamId(guild, 'once1'))).events;
      expect(stream.map((e) => e.type)).toEqual(['ScheduleCreated', 'ScheduleRunStarted', 'ScheduleRunSucceeded']);
      expect(stream[1]!.payload).toMatchObject({ runNumber: 1, late: false });
      expect(stream[2]!.payload).toMatchObject({ runNumber: 1, messageId: '990000000000000001' });
      // Nothing left to fire: the next ticks send nothing.
      await armed(scheduler);
      clock.advance(1_000);
      expect(await scheduler.timers.tick()).toBe(0);
    } finally {
      await scheduler.stop();
    }
  });

  it('a deadline missed while the service was down fires once at start (fire-once) or is skipped (skip)', async () => {
    const guild = freshGuild();
    let scheduler = await startScheduler();
    await create(guild, 'hourly-once', { kind: 'cron', cron: '0 * * * *', timeZone: 'Europe/Berlin' });
    await create(guild, 'hourly-skip', { kind: 'cron', cron: '0 * * * *', timeZone: 'Europe/Berlin' }, 'skip');
    await armed(scheduler);
    await scheduler.stop();
    // Down for three hours and ten minutes: three whole hours went by.
    clock.advance(3 * 3_600_000 + 10 * 60_000);
    scheduler = await startScheduler();
    try {
      expect(await scheduler.timers.tick()).toBe(2);
      await eventually(async () => ((await typesOf(guild, 'hourly-once')).includes('ScheduleRunStarted') ? true : undefined), 15_000, 'the late run');
      await eventually(async () => ((await typesOf(guild, 'hourly-skip')).includes('ScheduleRunSkipped') ? true : undefined), 15_000, 'the skip');
      await armed(scheduler);
      expect(await scheduler.timers.tick()).toBe(0); // the next runs are after now
      const late = (await world.store.readStream(scheduleStreamId(guild, 'hourly-once'))).events.filter((e) => e.type === 'ScheduleRunStarted');
      expect(late).toHaveLength(1);
      expect(late[0]!.payload).toMatchObject({ late: true, missedRuns: 2 });
      const skipped = (await world.store.readStream(scheduleStreamId(guild, 'hourly-skip'))).events;
      expect(skipped.map((e) => e.type)).toEqual(['ScheduleCreated', 'ScheduleRunSkipped']);
      expect(skipped[1]!.payload).toMatchObject({ missedRuns: 3 });
      // The skipped one posted nothing; the late one asked messaging once.
      expect((await world.store.readStream(outgoingMessageStreamId(guild, runCommandId(guild, 'hourly-skip', 1)))).events).toHaveLength(0);
      expect((await world.store.readStream(outgoingMessageStreamId(guild, runCommandId(guild, 'hourly-once', 1)))).events.map((e) => e.type)).toEqual(['MessageSendRequested']);
    } finally {
      await scheduler.stop();
    }
  });

  it('a paused schedule does not fire; resumed, it fires at its next time; cancelled, never again', async () => {
    const guild = freshGuild();
    const scheduler = await startScheduler();
    try {
      await create(guild, 'p1', { kind: 'cron', cron: '*/5 * * * *', timeZone: 'UTC' });
      expect(await send(world.bus, command(guild, 'PauseSchedule', { scheduleId: 'p1' }, clock.iso()))).toMatchObject({ status: 'accepted', eventCount: 1 });
      await armed(scheduler);
      clock.advance(10 * 60_000);
      expect(await scheduler.timers.tick()).toBe(0);
      expect(await send(world.bus, command(guild, 'ResumeSchedule', { scheduleId: 'p1' }, clock.iso()))).toMatchObject({ status: 'accepted', eventCount: 1 });
      await armed(scheduler);
      expect(await scheduler.timers.tick()).toBe(0);
      clock.advance(5 * 60_000);
      expect(await scheduler.timers.tick()).toBe(1);
      await eventually(async () => ((await typesOf(guild, 'p1')).includes('ScheduleRunStarted') ? true : undefined), 15_000, 'the run after resume');
      expect(await send(world.bus, command(guild, 'CancelSchedule', { scheduleId: 'p1' }, clock.iso()))).toMatchObject({ status: 'accepted', eventCount: 1 });
      await armed(scheduler);
      clock.advance(5 * 60_000); // p1's next time, had it not been cancelled
      expect(await scheduler.timers.tick()).toBe(0);
      expect((await typesOf(guild, 'p1')).filter((t) => t === 'ScheduleRunStarted')).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
  });

  it('the timers read model rebuilds from the events into identical rows', async () => {
    const rows = async () => (await world.pool.query('SELECT guild_id, schedule_id, due_at, paused, correlation_id FROM rm_automation_timers.timers ORDER BY guild_id, schedule_id')).rows;
    const before = await rows();
    expect(before.length).toBeGreaterThanOrEqual(3);
    await rebuildProjection(scheduleTimersProjection, { nc: world.deps.nc, pool: world.pool, streamName: world.deps.streamName, subjectPrefix: world.deps.subjectPrefix, logger, progressIntervalMs: 0 });
    expect(await rows()).toEqual(before);
  });
});
