import { describe, expect, it } from 'vitest';
import { runCommandId, runCommandOf, runOutcomeCommand, scheduleCommands } from '../src/index.js';
import { ANN } from './fixtures.js';

const event = { id: 'ev-1', guildId: '100000000000000001', correlationId: 'corr-1' };
const sent = (action: Parameters<typeof runCommandOf>[1]['action']) => {
  const r = runCommandOf(event, started(action));
  if (r === null) throw new Error('expected a command');
  return r;
};
const started = (action: Parameters<typeof runCommandOf>[1]['action']) => ({
  scheduleId: 's1', runNumber: 3, dueAt: '2026-03-01T12:00:00.000Z', firedAt: '2026-03-01T12:00:00.200Z', late: false, missedRuns: 0, action, scheduledBy: ANN, nextRunAt: null,
});

describe('what a run sends (pure)', () => {
  it('a message or announcement is messaging’s SendMessage, one id per run, in the schedule’s chain, from the scheduler', () => {
    const r = sent({ kind: 'message', channelId: '300000000000000001', content: 'hi', embeds: [], announcement: true });
    expect(r.context).toBe('messaging');
    expect(r.envelope).toMatchObject({
      id: runCommandId(event.guildId, 's1', 3), type: 'SendMessage', source: 'scheduler', correlationId: 'corr-1', causationId: 'ev-1', issuedAt: '2026-03-01T12:00:00.200Z',
      actor: { kind: 'automation', id: 'schedule:s1', name: 'Schedule (by Ann)' },
      payload: { channelId: '300000000000000001', content: 'hi', allowedMentions: { everyone: true, roles: true, users: true } },
    });
    expect(sent({ kind: 'message', channelId: '3', content: 'hi', embeds: [], announcement: false }).envelope.payload).toMatchObject({ allowedMentions: { everyone: false, roles: false } });
    expect(runCommandId(event.guildId, 's1', 3)).not.toBe(runCommandId(event.guildId, 's1', 4));
  });

  it('a reminder mentions its member; unban and untimeout are moderation’s, as the moderator who scheduled them', () => {
    expect(sent({ kind: 'reminder', channelId: '3', userId: '42', content: 'stand-up' }).envelope.payload).toMatchObject({ content: '<@42> stand-up', allowedMentions: { users: true, everyone: false } });
    const unban = sent({ kind: 'unban', userId: '42', reason: null });
    expect(unban).toMatchObject({ context: 'moderation', waitsForDiscord: false, envelope: { type: 'UnbanMember', actor: ANN, payload: { target: { id: '42', name: null }, reason: 'Scheduled unban' } } });
    expect(sent({ kind: 'untimeout', userId: '42', reason: 'served' }).envelope).toMatchObject({ type: 'RemoveMemberTimeout', payload: { reason: 'served' } });
  });

  it('a temporary role sends no command: the bot runs its ScheduleRoleActionRequested', () => {
    expect(runCommandOf(event, started({ kind: 'temporary-role', userId: '42', roleId: '7', until: '2026-03-02T12:00:00.000Z', reason: null }))).toBeNull();
  });

  it('the outcome command parses as RecordScheduleRunOutcome', () => {
    const c = runOutcomeCommand({ guildId: event.guildId, scheduleId: 's1', runNumber: 3, correlationId: 'corr-1', causationId: 'ev-2' }, { outcome: 'failed', detail: 'Missing Access', messageId: null }, '2026-03-01T12:00:01.000Z', ANN);
    expect(scheduleCommands.RecordScheduleRunOutcome.parse(c.payload)).toEqual({ scheduleId: 's1', runNumber: 3, outcome: 'failed', detail: 'Missing Access', messageId: null });
  });
});
