import type { Decider } from '@guildhall/kernel';
import { DiscordLimits, embedLength } from '@guildhall/messaging';
import type { ScheduleCommand } from './commands.js';
import { ScheduleErrorCodes as E, reject } from './errors.js';
import type { ScheduleEvent } from './events.js';
import { MISSED_AFTER_MS, roleStepOf, type ScheduledAction, type Trigger } from './schedule-schemas.js';
import { initialScheduleState, type ExistingSchedule, type ScheduleState } from './state.js';
import { firstCronRun, nextCronRun } from './timing.js';

type Of<T extends ScheduleCommand['type']> = Extract<ScheduleCommand, { type: T }>;

/** Most missed cron runs counted after downtime (they fold into one run or one skip anyway). */
const MAX_MISSED_COUNTED = 10_000;

const iso = (d: Date): string => d.toISOString();

/** What the field schemas cannot check: the message as a whole; a temporary role's two times. */
const checkAction = (a: ScheduledAction, t: Trigger): void => {
  if (a.kind === 'temporary-role') {
    if (t.kind !== 'once') reject(E.TEMPORARY_ROLE_NOT_ONCE, 'a temporary role is given once and removed once: give `at`, not a cron', { field: 'cron' });
    else if (Date.parse(a.until) <= Date.parse(t.at)) reject(E.UNTIL_NOT_AFTER_START, `until (${a.until}) must be after the time the role is given (${t.at})`, { field: 'until' });
    return;
  }
  if (a.kind !== 'message') return;
  if ((a.content === null || a.content.trim() === '') && a.embeds.length === 0) {
    reject(E.MESSAGE_EMPTY, 'a message needs content or an embed', { field: 'content' });
  }
  const total = a.embeds.reduce((n, e) => n + embedLength(e), 0);
  if (total > DiscordLimits.embedsTotal) {
    reject(E.EMBEDS_TOO_LONG, `the embeds hold ${total} characters; Discord allows ${DiscordLimits.embedsTotal}`, { field: 'embeds', total, limit: DiscordLimits.embedsTotal });
  }
};

/** The first run of a new or edited trigger, refusing one in the past or one that never comes. */
const firstRun = (t: Trigger, now: Date): string => {
  if (t.kind === 'once') {
    if (Date.parse(t.at) <= now.getTime()) reject(E.AT_IN_PAST, `${t.at} has already passed (now ${iso(now)})`, { field: 'at' });
    return new Date(Date.parse(t.at)).toISOString();
  }
  return iso(firstCronRun(t.cron, t.timeZone, now));
};

const existing = (s: ScheduleState, scheduleId: string): ExistingSchedule =>
  s.status === 'none' ? reject(E.SCHEDULE_NOT_FOUND, `no schedule ${scheduleId}`, { field: 'scheduleId' }) : s;

const changeable = (s: ScheduleState, scheduleId: string): ExistingSchedule => {
  const e = existing(s, scheduleId);
  if (e.status === 'cancelled') reject(E.SCHEDULE_FINISHED, `schedule ${scheduleId} was cancelled`, { field: 'scheduleId' });
  return e;
};

export const createSchedule = (c: Of<'CreateSchedule'>, s: ScheduleState): ScheduleEvent[] => {
  if (s.status !== 'none') return reject(E.SCHEDULE_EXISTS, `schedule ${c.data.scheduleId} exists`, { field: 'scheduleId' });
  checkAction(c.data.action, c.data.trigger);
  const { scheduleId, name, trigger, action, missedRun } = c.data;
  const nextRunAt = firstRun(trigger, new Date(c.meta.now));
  return [{ type: 'ScheduleCreated', data: { scheduleId, name, trigger, action, missedRun, nextRunAt, by: c.meta.actor, at: c.meta.now } }];
};

export const updateSchedule = (c: Of<'UpdateSchedule'>, s: ScheduleState): ScheduleEvent[] => {
  const e = changeable(s, c.data.scheduleId);
  const action = c.data.action ?? e.action;
  const trigger = c.data.trigger ?? e.trigger;
  // A temporary role already given waits for its removal: only `until` may move (the removal moves with it).
  const given = action.kind === 'temporary-role' && e.action.kind === 'temporary-role' && e.runs >= 1;
  if (given && c.data.trigger) reject(E.TEMPORARY_ROLE_GIVEN, `the role of schedule ${e.scheduleId} was given already; only until can change`, { field: 'at' });
  checkAction(action, trigger);
  // A new trigger starts afresh; an edit of the rest keeps the run that is due.
  const nextRunAt = given ? (e.nextRunAt === null ? null : action.until) : c.data.trigger ? firstRun(trigger, new Date(c.meta.now)) : e.nextRunAt;
  return [
    {
      type: 'ScheduleUpdated',
      data: { scheduleId: e.scheduleId, name: c.data.name === undefined ? e.name : c.data.name, trigger, action, missedRun: c.data.missedRun ?? e.missedRun, nextRunAt, by: c.meta.actor, at: c.meta.now },
    },
  ];
};

export const pauseSchedule = (c: Of<'PauseSchedule'>, s: ScheduleState): ScheduleEvent[] => {
  const e = changeable(s, c.data.scheduleId);
  if (e.status === 'paused') return reject(E.SCHEDULE_ALREADY_PAUSED, `schedule ${e.scheduleId} is already paused`);
  if (e.status === 'completed') return reject(E.SCHEDULE_FINISHED, `schedule ${e.scheduleId} has nothing left to run`);
  return [{ type: 'SchedulePaused', data: { scheduleId: e.scheduleId, by: c.meta.actor, at: c.meta.now } }];
};

/**
 * A recurring schedule resumes at its next time after now (what fell in the pause was paused,
 * not missed); a one-off keeps its time, so one that passed in the pause is a missed deadline
 * and its policy decides when the scheduler fires it.
 */
export const resumeSchedule = (c: Of<'ResumeSchedule'>, s: ScheduleState): ScheduleEvent[] => {
  const e = changeable(s, c.data.scheduleId);
  if (e.status !== 'paused') return reject(E.SCHEDULE_NOT_PAUSED, `schedule ${e.scheduleId} is not paused`);
  const t = e.trigger;
  const nextRunAt = t.kind === 'once' ? e.nextRunAt : (nextCronRun(t.cron, t.timeZone, new Date(c.meta.now))?.toISOString() ?? null);
  return [{ type: 'ScheduleResumed', data: { scheduleId: e.scheduleId, nextRunAt, by: c.meta.actor, at: c.meta.now } }];
};

export const cancelSchedule = (c: Of<'CancelSchedule'>, s: ScheduleState): ScheduleEvent[] => {
  const e = existing(s, c.data.scheduleId);
  if (e.status === 'cancelled') return [];
  return [{ type: 'ScheduleCancelled', data: { scheduleId: e.scheduleId, by: c.meta.actor, at: c.meta.now } }];
};

/** Cron runs due after `dueAt` up to `now` (the ones the downtime also swallowed), and the next one after now. */
const afterDowntime = (t: Trigger, dueAt: Date, now: Date): { missedAfter: number; next: string | null } => {
  if (t.kind === 'once') return { missedAfter: 0, next: null };
  let missedAfter = 0;
  let next = nextCronRun(t.cron, t.timeZone, dueAt);
  while (next !== null && next.getTime() <= now.getTime() && missedAfter < MAX_MISSED_COUNTED) {
    missedAfter++;
    next = nextCronRun(t.cron, t.timeZone, next);
  }
  if (next !== null && next.getTime() <= now.getTime()) next = nextCronRun(t.cron, t.timeZone, now);
  return { missedAfter, next: next?.toISOString() ?? null };
};

/**
 * The scheduler says the run due at `dueAt` is due. Only the run the schedule waits for fires,
 * so a resend, a stale timer or one for a paused or cancelled schedule decides nothing. Later
 * than MISSED_AFTER_MS (the service was down), every deadline the downtime swallowed folds into
 * one: run once now (`fire-once`) or skipped (`skip`), and the next run is the first after now.
 */
export const fireSchedule = (c: Of<'FireSchedule'>, s: ScheduleState): ScheduleEvent[] => {
  const e = existing(s, c.data.scheduleId);
  if (e.status !== 'active' || e.nextRunAt === null || Date.parse(e.nextRunAt) !== Date.parse(c.data.dueAt)) return [];
  const now = new Date(c.meta.now);
  const dueAt = new Date(Date.parse(c.data.dueAt));
  const late = now.getTime() - dueAt.getTime() > MISSED_AFTER_MS;
  if (e.action.kind === 'temporary-role') return fireTemporaryRole(c, e, e.action, dueAt, late);
  const t = e.trigger;
  if (!late) {
    const nextRunAt = t.kind === 'once' ? null : (nextCronRun(t.cron, t.timeZone, dueAt)?.toISOString() ?? null);
    return [{ type: 'ScheduleRunStarted', data: { scheduleId: e.scheduleId, runNumber: e.runs + 1, dueAt: iso(dueAt), firedAt: c.meta.now, late: false, missedRuns: 0, action: e.action, scheduledBy: e.createdBy, nextRunAt } }];
  }
  const { missedAfter, next } = afterDowntime(t, dueAt, now);
  if (e.missedRun === 'skip') {
    return [{ type: 'ScheduleRunSkipped', data: { scheduleId: e.scheduleId, dueAt: iso(dueAt), skippedAt: c.meta.now, missedRuns: 1 + missedAfter, nextRunAt: next } }];
  }
  return [
    { type: 'ScheduleRunStarted', data: { scheduleId: e.scheduleId, runNumber: e.runs + 1, dueAt: iso(dueAt), firedAt: c.meta.now, late: true, missedRuns: missedAfter, action: e.action, scheduledBy: e.createdBy, nextRunAt: next } },
  ];
};

type TemporaryRole = Extract<ScheduledAction, { kind: 'temporary-role' }>;

/**
 * A temporary role's run: the give (due at the trigger's time) then the remove (due at
 * `until`), each asking the bot with ScheduleRoleActionRequested. A removal always runs, late or
 * not (skipping it would leave the role for good); a give missed under `skip` is skipped and,
 * never given, nothing is removed.
 */
const fireTemporaryRole = (c: Of<'FireSchedule'>, e: ExistingSchedule, a: TemporaryRole, dueAt: Date, late: boolean): ScheduleEvent[] => {
  const step = roleStepOf(a, iso(dueAt));
  if (step === 'give' && late && e.missedRun === 'skip') {
    return [{ type: 'ScheduleRunSkipped', data: { scheduleId: e.scheduleId, dueAt: iso(dueAt), skippedAt: c.meta.now, missedRuns: 1, nextRunAt: null } }];
  }
  const runNumber = e.runs + 1;
  const by = `${e.createdBy.name}${a.reason ? `: ${a.reason}` : ''}`;
  const auditLogReason = (step === 'give' ? `Temporary role until ${a.until} (by ${by})` : `End of temporary role (by ${by})`).slice(0, 512);
  return [
    {
      type: 'ScheduleRunStarted',
      data: { scheduleId: e.scheduleId, runNumber, dueAt: iso(dueAt), firedAt: c.meta.now, late, missedRuns: 0, action: a, scheduledBy: e.createdBy, nextRunAt: step === 'give' ? new Date(Date.parse(a.until)).toISOString() : null },
    },
    { type: 'ScheduleRoleActionRequested', data: { scheduleId: e.scheduleId, runNumber, step, userId: a.userId, roleId: a.roleId, auditLogReason, requestedAt: c.meta.now } },
  ];
};

export const recordScheduleRunOutcome = (c: Of<'RecordScheduleRunOutcome'>, s: ScheduleState): ScheduleEvent[] => {
  const e = existing(s, c.data.scheduleId);
  const { runNumber } = c.data;
  if (!e.open.includes(runNumber)) {
    if (runNumber <= e.runs) return []; // already recorded: a redelivered outcome
    return reject(E.RUN_NOT_FOUND, `schedule ${e.scheduleId} has no run ${runNumber}`, { field: 'runNumber' });
  }
  return c.data.outcome === 'succeeded'
    ? [{ type: 'ScheduleRunSucceeded', data: { scheduleId: e.scheduleId, runNumber, messageId: c.data.messageId, at: c.meta.now } }]
    : [{ type: 'ScheduleRunFailed', data: { scheduleId: e.scheduleId, runNumber, reason: c.data.detail ?? 'failed', at: c.meta.now } }];
};

export const decideSchedule = (c: ScheduleCommand, s: ScheduleState): ScheduleEvent[] => {
  switch (c.type) {
    case 'CreateSchedule':
      return createSchedule(c, s);
    case 'UpdateSchedule':
      return updateSchedule(c, s);
    case 'PauseSchedule':
      return pauseSchedule(c, s);
    case 'ResumeSchedule':
      return resumeSchedule(c, s);
    case 'CancelSchedule':
      return cancelSchedule(c, s);
    case 'FireSchedule':
      return fireSchedule(c, s);
    case 'RecordScheduleRunOutcome':
      return recordScheduleRunOutcome(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

const settled = (s: ExistingSchedule, nextRunAt: string | null): ExistingSchedule['status'] =>
  s.status === 'cancelled' || s.status === 'paused' ? s.status : nextRunAt === null ? 'completed' : 'active';

export const evolveSchedule = (s: ScheduleState, e: ScheduleEvent): ScheduleState => {
  if (e.type === 'ScheduleCreated') {
    const d = e.data;
    return { status: d.nextRunAt === null ? 'completed' : 'active', scheduleId: d.scheduleId, name: d.name, trigger: d.trigger, action: d.action, missedRun: d.missedRun, nextRunAt: d.nextRunAt, createdBy: d.by, runs: 0, open: [] };
  }
  if (s.status === 'none') return s;
  switch (e.type) {
    case 'ScheduleUpdated': {
      const d = e.data;
      const base = { ...s, name: d.name, trigger: d.trigger, action: d.action, missedRun: d.missedRun, nextRunAt: d.nextRunAt };
      return { ...base, status: s.status === 'paused' ? 'paused' : d.nextRunAt === null ? 'completed' : 'active' };
    }
    case 'SchedulePaused':
      return { ...s, status: 'paused' };
    case 'ScheduleResumed':
      return { ...s, status: e.data.nextRunAt === null ? 'completed' : 'active', nextRunAt: e.data.nextRunAt };
    case 'ScheduleCancelled':
      return { ...s, status: 'cancelled' };
    case 'ScheduleRunStarted':
      return { ...s, runs: e.data.runNumber, open: [...s.open, e.data.runNumber], nextRunAt: e.data.nextRunAt, status: settled(s, e.data.nextRunAt) };
    case 'ScheduleRunSkipped':
      return { ...s, nextRunAt: e.data.nextRunAt, status: settled(s, e.data.nextRunAt) };
    case 'ScheduleRoleActionRequested':
      return s;
    case 'ScheduleRunSucceeded':
    case 'ScheduleRunFailed':
      return { ...s, open: s.open.filter((n) => n !== e.data.runNumber) };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

export const scheduleDecider: Decider<ScheduleState, ScheduleCommand, ScheduleEvent> = {
  decide: decideSchedule,
  evolve: evolveSchedule,
  initialState: initialScheduleState,
};
