import { scheduleCommands } from '@guildhall/automation';
import type { EventStore } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { automationActions } from '../src/actions/sources/automation-actions.js';

const event = (step: 'give' | 'remove'): EventEnvelope => ({
  id: `ev-${step}`, type: 'ScheduleRoleActionRequested', schemaVersion: 1, streamId: 'automation.schedule.100000000000000001-s1', version: 3, position: 9,
  occurredAt: '2026-03-01T12:00:05.100Z', guildId: '100000000000000001', correlationId: 'corr-1', causationId: 'cmd-1',
  actor: { kind: 'system', id: 'scheduler', name: 'Guildhall scheduler' }, source: 'scheduler',
  payload: { scheduleId: 's1', runNumber: step === 'give' ? 1 : 2, step, userId: '42', roleId: '7', auditLogReason: 'Temporary role until later (by Ann)', requestedAt: '2026-03-01T12:00:05.100Z' },
} as EventEnvelope);
// The plan reads the store only when asked whether the run is settled; these tests do not ask.
const store = {} as EventStore;

describe('the bot plans a temporary role’s runs (pure)', () => {
  it('give is role-add, remove is role-remove, with the audit-log reason', () => {
    expect(automationActions.plan(event('give'), store)?.request).toEqual({ kind: 'role-add', id: 'ev-give', guildId: '100000000000000001', requestedAt: '2026-03-01T12:00:05.100Z', auditLogReason: 'Temporary role until later (by Ann)', userId: '42', roleId: '7' });
    expect(automationActions.plan(event('remove'), store)?.request).toMatchObject({ kind: 'role-remove', userId: '42', roleId: '7' });
  });

  it('its outcomes are the run’s RecordScheduleRunOutcome, which automation’s schema accepts', () => {
    const plan = automationActions.plan(event('remove'), store)!;
    const ok = plan.succeeded({ alreadyDone: false, ids: {} }, '2026-03-01T12:00:06.000Z');
    expect(ok).toMatchObject({ type: 'RecordScheduleRunOutcome', causationId: 'ev-remove', correlationId: 'corr-1' });
    expect(scheduleCommands.RecordScheduleRunOutcome.parse(ok.payload)).toEqual({ scheduleId: 's1', runNumber: 2, outcome: 'succeeded', detail: null, messageId: null });
    const failed = plan.failed({ reason: 'Missing Permissions', discordErrorCode: 50013, httpStatus: 403 } as Parameters<typeof plan.failed>[0], '2026-03-01T12:00:06.000Z');
    expect(scheduleCommands.RecordScheduleRunOutcome.parse(failed.payload)).toMatchObject({ runNumber: 2, outcome: 'failed', detail: 'Missing Permissions' });
  });
});
