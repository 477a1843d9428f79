import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import type { ScheduleEvent } from './events.js';

type RunStarted = Extract<ScheduleEvent, { type: 'ScheduleRunStarted' }>['data'];

/** The owning context's command a run sends, and the context it goes to. */
export type RunCommand = Readonly<{ context: 'messaging' | 'moderation'; envelope: CommandEnvelope; waitsForDiscord: boolean }>;

/** One id per run ever: a redelivered ScheduleRunStarted sends the same command, decided once. */
export const runCommandId = (guildId: string, scheduleId: string, runNumber: number): string => deterministicId('schedule-run', guildId, scheduleId, runNumber);

/** Who a scheduled post is from in the history: the schedule, on behalf of whoever made it. */
const automationActor = (r: RunStarted): Actor => ({ kind: 'automation', id: `schedule:${r.scheduleId}`, name: `Schedule (by ${r.scheduledBy.name})` });

/**
 * The command a run sends (pure): messages, announcements and reminders are messaging's
 * SendMessage; a scheduled unban or untimeout is moderation's UnbanMember / RemoveMemberTimeout,
 * as the moderator who scheduled it (the case names them), from the scheduler. A temporary
 * role sends no command (null): its ScheduleRoleActionRequested goes to the bot, which records
 * the outcome itself.
 */
export const runCommandOf = (
  event: Readonly<{ id: string; guildId: string; correlationId: string }>,
  r: RunStarted,
): RunCommand | null => {
  const base = {
    id: runCommandId(event.guildId, r.scheduleId, r.runNumber),
    issuedAt: r.firedAt,
    guildId: event.guildId,
    source: 'scheduler' as const,
    correlationId: event.correlationId,
    causationId: event.id,
  };
  const a = r.action;
  switch (a.kind) {
    case 'message':
      return {
        context: 'messaging',
        waitsForDiscord: true,
        envelope: {
          ...base,
          type: 'SendMessage',
          actor: automationActor(r),
          payload: { channelId: a.channelId, content: a.content, embeds: a.embeds, allowedMentions: { everyone: a.announcement, roles: a.announcement, users: true } },
        },
      };
    case 'reminder':
      return {
        context: 'messaging',
        waitsForDiscord: true,
        envelope: {
          ...base,
          type: 'SendMessage',
          actor: automationActor(r),
          payload: { channelId: a.channelId, content: `<@${a.userId}> ${a.content}`.slice(0, 2000), embeds: [], allowedMentions: { everyone: false, roles: false, users: true } },
        },
      };
    case 'unban':
    case 'untimeout':
      return {
        context: 'moderation',
        waitsForDiscord: false,
        envelope: {
          ...base,
          type: a.kind === 'unban' ? 'UnbanMember' : 'RemoveMemberTimeout',
          actor: r.scheduledBy,
          payload: { target: { id: a.userId, name: null }, reason: a.reason ?? `Scheduled ${a.kind === 'unban' ? 'unban' : 'end of timeout'}` },
        },
      };
    case 'temporary-role':
      return null;
    default: {
      const unknown: never = a;
      return unknown;
    }
  }
};

/** RecordScheduleRunOutcome for a run, one id per run (a redelivery records nothing twice). */
export const runOutcomeCommand = (
  run: Readonly<{ guildId: string; scheduleId: string; runNumber: number; correlationId: string; causationId: string }>,
  outcome: Readonly<{ outcome: 'succeeded' | 'failed'; detail: string | null; messageId: string | null }>,
  now: string,
  actor: Actor,
): CommandEnvelope => ({
  id: deterministicId('schedule-run-outcome', run.guildId, run.scheduleId, run.runNumber),
  type: 'RecordScheduleRunOutcome',
  issuedAt: now,
  guildId: run.guildId,
  actor,
  source: 'scheduler',
  correlationId: run.correlationId,
  causationId: run.causationId,
  payload: { scheduleId: run.scheduleId, runNumber: run.runNumber, ...outcome },
});
