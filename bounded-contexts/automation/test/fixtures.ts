import type { Actor, CommandEnvelope } from '@guildhall/kernel';
import type { z } from 'zod';
import { scheduleCommands, scheduleDecider, scheduleSlice, type ScheduleCommand, type ScheduleEvent } from '../src/index.js';

export const GUILD = '100000000000000001';
export const CHANNEL = '300000000000000001';
export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Ann' };
export const SCHEDULER: Actor = { kind: 'system', id: 'scheduler', name: 'Guildhall scheduler' };

type Type = keyof typeof scheduleCommands;
let counter = 0;

export const envelopeOf = <T extends Type>(type: T, payload: z.input<(typeof scheduleCommands)[T]>, now: string, actor: Actor = ANN): CommandEnvelope => {
  const id = `cmd-${++counter}`;
  return { id, type, issuedAt: now, guildId: GUILD, actor, source: 'web', correlationId: id, causationId: null, payload };
};

export const cmd = <T extends Type>(type: T, payload: z.input<(typeof scheduleCommands)[T]>, now: string, actor?: Actor): Extract<ScheduleCommand, { type: T }> =>
  scheduleSlice.toCommand(envelopeOf(type, payload, now, actor), now) as Extract<ScheduleCommand, { type: T }>;

/** The events a sequence of commands produces, each decided on the state the previous ones left. */
export const historyOf = (...commands: ScheduleCommand[]): ScheduleEvent[] => {
  let state = scheduleDecider.initialState();
  const out: ScheduleEvent[] = [];
  for (const c of commands) {
    for (const e of scheduleDecider.decide(c, state)) {
      out.push(e);
      state = scheduleDecider.evolve(state, e);
    }
  }
  return out;
};

export const stateAfter = (events: readonly ScheduleEvent[]) => events.reduce(scheduleDecider.evolve, scheduleDecider.initialState());

export const message = (content = 'Weekly meeting in 10 minutes') => ({ kind: 'message' as const, channelId: CHANNEL, content });
