import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { nextCronRun, scheduleDecider, type ScheduleEvent } from '../src/index.js';
import { ANN, cmd, historyOf, message, SCHEDULER, stateAfter } from './fixtures.js';

const spec = DeciderSpecification.for(scheduleDecider);
const NOW = '2026-03-01T12:00:00.000Z';
const berlin = (cron: string) => ({ kind: 'cron' as const, cron, timeZone: 'Europe/Berlin' });
const once = (at: string) => ({ kind: 'once' as const, at });
const create = (trigger: ReturnType<typeof berlin> | ReturnType<typeof once>, missedRun: 'fire-once' | 'skip' = 'fire-once', now = NOW) =>
  cmd('CreateSchedule', { scheduleId: 's1', trigger, action: message(), missedRun }, now);
const fire = (dueAt: string, now: string) => cmd('FireSchedule', { scheduleId: 's1', dueAt }, now, SCHEDULER);
const nextOf = (events: readonly ScheduleEvent[]) => (events.at(-1)?.data as { nextRunAt: string | null }).nextRunAt;

describe('schedule decider: creating', () => {
  it('a one-off at a future time is scheduled for that time, attributed to its creator', () => {
    spec.given([]).when(create(once('2026-03-01T12:00:05.000Z'))).then([
      {
        type: 'ScheduleCreated',
        data: {
          scheduleId: 's1', name: null, trigger: once('2026-03-01T12:00:05.000Z'),
          action: { kind: 'message', channelId: '300000000000000001', content: 'Weekly meeting in 10 minutes', embeds: [], announcement: false },
          missedRun: 'fire-once', nextRunAt: '2026-03-01T12:00:05.000Z', by: ANN, at: NOW,
        },
      },
    ]);
  });

  it('refuses a one-off in the past (AT_IN_PAST), a cron that never fires, a bad cron, an unknown zone', () => {
    spec.given([]).when(create(once('2026-03-01T11:59:59.000Z'))).thenRejects('AT_IN_PAST');
    spec.given([]).when(create(berlin('0 0 30 2 *'))).thenRejects('CRON_NEVER_FIRES');
    spec.given([]).when(create(berlin('every day'))).thenRejects('CRON_INVALID');
    spec.given([]).when(create(berlin('*/10 * * * * *'))).thenRejects('CRON_INVALID');
    spec.given([]).when(create(berlin('61 * * * *'))).thenRejects('CRON_INVALID');
    spec.given([]).when(create({ kind: 'cron', cron: '0 9 * * *', timeZone: 'Mars/Olympus' })).thenRejects('TIME_ZONE_UNKNOWN');
  });

  it('refuses an empty message and a second create of the same schedule', () => {
    spec.given([]).when(cmd('CreateSchedule', { scheduleId: 's1', trigger: once('2026-03-02T00:00:00Z'), action: { kind: 'message', channelId: '3', content: '   ' } }, NOW)).thenRejects('MESSAGE_EMPTY');
    spec.given(historyOf(create(once('2026-03-02T00:00:00Z')))).when(create(once('2026-03-03T00:00:00Z'))).thenRejects('SCHEDULE_EXISTS');
  });
});

describe('schedule decider: daylight-saving changes (Europe/Berlin)', () => {
  it('09:00 every day is 08:00 UTC before the last Sunday of March and 07:00 UTC after it', () => {
    const created = historyOf(create(berlin('0 9 * * *'), 'fire-once', '2026-03-28T10:00:00.000Z'));
    expect(nextOf(created)).toBe('2026-03-29T07:00:00.000Z'); // Sunday 29 March: CEST already
    const saturday = historyOf(create(berlin('0 9 * * *'), 'fire-once', '2026-03-27T10:00:00.000Z'));
    expect(nextOf(saturday)).toBe('2026-03-28T08:00:00.000Z');
    const run = historyOf(create(berlin('0 9 * * *'), 'fire-once', '2026-03-27T10:00:00.000Z'), fire('2026-03-28T08:00:00.000Z', '2026-03-28T08:00:00.200Z'));
    expect(nextOf(run)).toBe('2026-03-29T07:00:00.000Z');
  });

  it('02:30, which does not exist on 29 March, runs once that day at 03:00 CEST; then 02:30 CEST again', () => {
    const created = historyOf(create(berlin('30 2 * * *'), 'fire-once', '2026-03-28T12:00:00.000Z'));
    expect(nextOf(created)).toBe('2026-03-29T01:00:00.000Z');
    const after = historyOf(create(berlin('30 2 * * *'), 'fire-once', '2026-03-28T12:00:00.000Z'), fire('2026-03-29T01:00:00.000Z', '2026-03-29T01:00:00.100Z'));
    expect(nextOf(after)).toBe('2026-03-30T00:30:00.000Z');
  });

  it('02:30, which happens twice on 25 October, runs once (the first), then 02:30 CET the next day', () => {
    const created = historyOf(create(berlin('30 2 * * *'), 'fire-once', '2026-10-24T12:00:00.000Z'));
    expect(nextOf(created)).toBe('2026-10-25T00:30:00.000Z');
    const after = historyOf(create(berlin('30 2 * * *'), 'fire-once', '2026-10-24T12:00:00.000Z'), fire('2026-10-25T00:30:00.000Z', '2026-10-25T00:30:00.100Z'));
    expect(nextOf(after)).toBe('2026-10-26T01:30:00.000Z');
  });

  it('09:00 stays 09:00 local across the October change (07:00 UTC → 08:00 UTC)', () => {
    expect(nextCronRun('0 9 * * *', 'Europe/Berlin', new Date('2026-10-24T12:00:00Z'))?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(nextCronRun('0 9 * * *', 'Europe/Berlin', new Date('2026-10-23T12:00:00Z'))?.toISOString()).toBe('2026-10-24T07:00:00.000Z');
  });
});

describe('schedule decider: firing', () => {
  const created = historyOf(create(once('2026-03-01T12:00:05.000Z')));

  it('on time: the run starts with the action, numbered, and a one-off completes', () => {
    spec.given(created).when(fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.300Z')).then([
      {
        type: 'ScheduleRunStarted',
        data: { scheduleId: 's1', runNumber: 1, dueAt: '2026-03-01T12:00:05.000Z', firedAt: '2026-03-01T12:00:05.300Z', late: false, missedRuns: 0, action: { kind: 'message', channelId: '300000000000000001', content: 'Weekly meeting in 10 minutes', embeds: [], announcement: false }, scheduledBy: ANN, nextRunAt: null },
      },
    ]);
    expect(stateAfter(created).status).toBe('active');
    const fired = [...created, ...scheduleDecider.decide(fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.300Z'), stateAfter(created))];
    expect(stateAfter(fired).status).toBe('completed');
  });

  it('a resend or a stale timer decides nothing; a paused or cancelled schedule does not fire', () => {
    const fired = historyOf(create(once('2026-03-01T12:00:05.000Z')), fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.300Z'));
    spec.given(fired).when(fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:06.000Z')).then([]);
    spec.given(created).when(fire('2026-03-01T12:00:04.000Z', '2026-03-01T12:00:05.000Z')).then([]);
    const paused = historyOf(create(once('2026-03-01T12:00:05.000Z')), cmd('PauseSchedule', { scheduleId: 's1' }, NOW));
    spec.given(paused).when(fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.300Z')).then([]);
    const cancelled = historyOf(create(once('2026-03-01T12:00:05.000Z')), cmd('CancelSchedule', { scheduleId: 's1' }, NOW));
    spec.given(cancelled).when(fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.300Z')).then([]);
  });

  it('a deadline missed during downtime fires once (fire-once), folding the other missed cron runs, next run after now', () => {
    const hourly = historyOf(create(berlin('0 * * * *')));
    expect(nextOf(hourly)).toBe('2026-03-01T13:00:00.000Z');
    // Down from 12:30 to 16:10: 13:00, 14:00, 15:00 and 16:00 were missed.
    spec.given(hourly).when(fire('2026-03-01T13:00:00.000Z', '2026-03-01T16:10:00.000Z')).then((events) => {
      expect(events).toHaveLength(1);
      expect(events[0]!.type).toBe('ScheduleRunStarted');
      expect(events[0]!.data).toMatchObject({ runNumber: 1, late: true, missedRuns: 3, dueAt: '2026-03-01T13:00:00.000Z', nextRunAt: '2026-03-01T17:00:00.000Z' });
    });
  });

  it('… or is skipped by the skip policy, and the schedule goes on after now', () => {
    const hourly = historyOf(create(berlin('0 * * * *'), 'skip'));
    spec.given(hourly).when(fire('2026-03-01T13:00:00.000Z', '2026-03-01T16:10:00.000Z')).then([
      { type: 'ScheduleRunSkipped', data: { scheduleId: 's1', dueAt: '2026-03-01T13:00:00.000Z', skippedAt: '2026-03-01T16:10:00.000Z', missedRuns: 4, nextRunAt: '2026-03-01T17:00:00.000Z' } },
    ]);
    const skippedOnce = historyOf(create(once('2026-03-01T12:00:05.000Z'), 'skip'), fire('2026-03-01T12:00:05.000Z', '2026-03-01T13:00:00.000Z'));
    expect(skippedOnce.map((e) => e.type)).toEqual(['ScheduleCreated', 'ScheduleRunSkipped']);
    expect(stateAfter(skippedOnce).status).toBe('completed');
  });

  it('records each run outcome once; an outcome for a run that never started is refused', () => {
    const fired = historyOf(create(once('2026-03-01T12:00:05.000Z')), fire('2026-03-01T12:00:05.000Z', '2026-03-01T12:00:05.300Z'));
    const ok = cmd('RecordScheduleRunOutcome', { scheduleId: 's1', runNumber: 1, outcome: 'succeeded', messageId: '900' }, '2026-03-01T12:00:05.600Z', SCHEDULER);
    spec.given(fired).when(ok).then([{ type: 'ScheduleRunSucceeded', data: { scheduleId: 's1', runNumber: 1, messageId: '900', at: '2026-03-01T12:00:05.600Z' } }]);
    const recorded = [...fired, { type: 'ScheduleRunSucceeded' as const, data: { scheduleId: 's1', runNumber: 1, messageId: '900', at: '2026-03-01T12:00:05.600Z' } }];
    spec.given(recorded).when(ok).then([]);
    spec.given(fired).when(cmd('RecordScheduleRunOutcome', { scheduleId: 's1', runNumber: 2, outcome: 'failed', detail: 'Missing Access' }, NOW)).thenRejects('RUN_NOT_FOUND');
  });
});

describe('schedule decider: edit, pause, resume, cancel', () => {
  const hourly = () => historyOf(create(berlin('0 * * * *')));

  it('an edit of the trigger computes the next run again; of the content keeps it', () => {
    spec.given(hourly()).when(cmd('UpdateSchedule', { scheduleId: 's1', trigger: berlin('30 18 * * 1') }, NOW)).then((e) => {
      expect(e[0]!.data).toMatchObject({ trigger: berlin('30 18 * * 1'), nextRunAt: '2026-03-02T17:30:00.000Z', by: ANN });
    });
    spec.given(hourly()).when(cmd('UpdateSchedule', { scheduleId: 's1', action: message('new text') }, NOW)).then((e) => {
      expect(e[0]!.data).toMatchObject({ nextRunAt: '2026-03-01T13:00:00.000Z', action: { content: 'new text' } });
    });
    spec.given(hourly()).when(cmd('UpdateSchedule', { scheduleId: 's1', trigger: berlin('0 0 31 4 *') }, NOW)).thenRejects('CRON_NEVER_FIRES');
    spec.given([]).when(cmd('UpdateSchedule', { scheduleId: 's1', action: message() }, NOW)).thenRejects('SCHEDULE_NOT_FOUND');
  });

  it('pause, then resume at the next time after now (what fell in the pause is not missed)', () => {
    const paused = historyOf(create(berlin('0 * * * *')), cmd('PauseSchedule', { scheduleId: 's1' }, NOW));
    expect(stateAfter(paused).status).toBe('paused');
    spec.given(paused).when(cmd('PauseSchedule', { scheduleId: 's1' }, NOW)).thenRejects('SCHEDULE_ALREADY_PAUSED');
    spec.given(paused).when(cmd('ResumeSchedule', { scheduleId: 's1' }, '2026-03-01T15:20:00.000Z')).then([
      { type: 'ScheduleResumed', data: { scheduleId: 's1', nextRunAt: '2026-03-01T16:00:00.000Z', by: ANN, at: '2026-03-01T15:20:00.000Z' } },
    ]);
    spec.given(hourly()).when(cmd('ResumeSchedule', { scheduleId: 's1' }, NOW)).thenRejects('SCHEDULE_NOT_PAUSED');
  });

  it('cancel stops it for good; a second cancel changes nothing; an edit after it is refused', () => {
    const cancelled = historyOf(create(berlin('0 * * * *')), cmd('CancelSchedule', { scheduleId: 's1' }, NOW));
    expect(stateAfter(cancelled).status).toBe('cancelled');
    spec.given(cancelled).when(cmd('CancelSchedule', { scheduleId: 's1' }, NOW)).then([]);
    spec.given(cancelled).when(cmd('UpdateSchedule', { scheduleId: 's1', action: message() }, NOW)).thenRejects('SCHEDULE_FINISHED');
    spec.given(cancelled).when(cmd('ResumeSchedule', { scheduleId: 's1' }, NOW)).thenRejects('SCHEDULE_FINISHED');
  });
});

describe('schedule decider: an edit keeps what it leaves out', () => {
  it('the name stays when an edit does not name it', () => {
    const named = historyOf(cmd('CreateSchedule', { scheduleId: 's1', name: 'Weekly', trigger: { kind: 'cron', cron: '0 9 * * 1', timeZone: 'UTC' }, action: message() }, NOW));
    spec.given(named).when(cmd('UpdateSchedule', { scheduleId: 's1', action: message('other') }, NOW)).then((e) => expect(e[0]!.data).toMatchObject({ name: 'Weekly' }));
    spec.given(named).when(cmd('UpdateSchedule', { scheduleId: 's1', name: null }, NOW)).then((e) => expect(e[0]!.data).toMatchObject({ name: null }));
  });
});
