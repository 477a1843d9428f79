import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { scheduleDecider } from '../src/index.js';
import { ANN, cmd, historyOf, SCHEDULER, stateAfter } from './fixtures.js';

const spec = DeciderSpecification.for(scheduleDecider);
const NOW = '2026-03-01T12:00:00.000Z';
const AT = '2026-03-01T12:00:05.000Z';
const UNTIL = '2026-03-01T13:00:00.000Z';
const role = (until = UNTIL) => ({ kind: 'temporary-role' as const, userId: '42', roleId: '7', until, reason: 'event host' });
const create = (missedRun: 'fire-once' | 'skip' = 'fire-once', at = AT, until = UNTIL) =>
  cmd('CreateSchedule', { scheduleId: 's1', trigger: { kind: 'once', at }, action: role(until), missedRun }, NOW);
const fire = (dueAt: string, now: string) => cmd('FireSchedule', { scheduleId: 's1', dueAt }, now, SCHEDULER);
const outcome = (runNumber: number, now: string) => cmd('RecordScheduleRunOutcome', { scheduleId: 's1', runNumber, outcome: 'succeeded' }, now, SCHEDULER);

describe('schedule decider: temporary roles', () => {
  it('the give at its time asks the bot for the role and waits for until', () => {
    spec.given(historyOf(create())).when(fire(AT, '2026-03-01T12:00:05.100Z')).then([
      {
        type: 'ScheduleRunStarted',
        data: { scheduleId: 's1', runNumber: 1, dueAt: AT, firedAt: '2026-03-01T12:00:05.100Z', late: false, missedRuns: 0, action: role(), scheduledBy: ANN, nextRunAt: UNTIL },
      },
      {
        type: 'ScheduleRoleActionRequested',
        data: { scheduleId: 's1', runNumber: 1, step: 'give', userId: '42', roleId: '7', auditLogReason: `Temporary role until ${UNTIL} (by Ann: event host)`, requestedAt: '2026-03-01T12:00:05.100Z' },
      },
    ]);
  });

  it('the run at until removes the role and completes the schedule', () => {
    const given = historyOf(create(), fire(AT, '2026-03-01T12:00:05.100Z'), outcome(1, '2026-03-01T12:00:05.300Z'));
    spec.given(given).when(fire(UNTIL, '2026-03-01T13:00:00.100Z')).then((events) => {
      expect(events.map((e) => e.type)).toEqual(['ScheduleRunStarted', 'ScheduleRoleActionRequested']);
      expect(events[0]!.data).toMatchObject({ runNumber: 2, nextRunAt: null });
      expect(events[1]!.data).toMatchObject({ runNumber: 2, step: 'remove', userId: '42', roleId: '7', auditLogReason: 'End of temporary role (by Ann: event host)' });
      expect(stateAfter([...given, ...events])).toMatchObject({ status: 'completed', runs: 2, open: [2] });
    });
  });

  it('a removal runs even late under skip (the role must not stay); a give missed under skip is skipped and nothing is removed', () => {
    const given = historyOf(create('skip'), fire(AT, '2026-03-01T12:00:05.100Z'));
    spec.given(given).when(fire(UNTIL, '2026-03-01T15:00:00.000Z')).then((late) => {
      expect(late.map((e) => e.type)).toEqual(['ScheduleRunStarted', 'ScheduleRoleActionRequested']);
      expect(late[1]!.data).toMatchObject({ step: 'remove', runNumber: 2 });
    });
    spec.given(historyOf(create('skip'))).when(fire(AT, '2026-03-01T12:30:00.000Z')).then([
      { type: 'ScheduleRunSkipped', data: { scheduleId: 's1', dueAt: AT, skippedAt: '2026-03-01T12:30:00.000Z', missedRuns: 1, nextRunAt: null } },
    ]);
  });

  it('refuses until not after the give (field until) and a recurring temporary role (field cron)', () => {
    spec.given([]).when(create('fire-once', AT, AT)).thenRejects('UNTIL_NOT_AFTER_START');
    spec.given([]).when(create('fire-once', AT, '2026-03-01T12:00:04.000Z')).thenRejects('UNTIL_NOT_AFTER_START');
    spec.given([]).when(cmd('CreateSchedule', { scheduleId: 's1', trigger: { kind: 'cron', cron: '0 9 * * *', timeZone: 'UTC' }, action: role() }, NOW)).thenRejects('TEMPORARY_ROLE_NOT_ONCE');
  });

  it('once given, only until can move (the removal moves with it); a new time is refused', () => {
    const given = historyOf(create(), fire(AT, '2026-03-01T12:00:05.100Z'));
    const later = '2026-03-01T14:00:00.000Z';
    spec.given(given).when(cmd('UpdateSchedule', { scheduleId: 's1', action: role(later) }, '2026-03-01T12:10:00.000Z')).then((events) => {
      expect(events[0]!.data).toMatchObject({ nextRunAt: later, action: { until: later } });
    });
    spec.given(given).when(cmd('UpdateSchedule', { scheduleId: 's1', trigger: { kind: 'once', at: '2026-03-01T12:20:00.000Z' } }, '2026-03-01T12:10:00.000Z')).thenRejects('TEMPORARY_ROLE_GIVEN');
  });
});
