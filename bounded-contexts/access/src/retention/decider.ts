import { streamAggregate, type Decider, type StreamAggregate } from '@guildhall/kernel';
import type { RetentionCommand } from './commands.js';
import { retentionEvents, type RetentionEvent } from './events.js';
import { initialRetention, type RetentionState } from './state.js';

export const evolveRetention = (_s: RetentionState, e: RetentionEvent): RetentionState => {
  switch (e.type) {
    case 'RetentionSet':
      return { messageContentDays: e.data.messageContentDays, setBy: e.data.setBy.id, setAt: e.data.setAt };
    default: {
      const unknown: never = e.type;
      return unknown;
    }
  }
};

/** Records a change; setting what is already set records nothing (the history holds changes only). */
export const decideRetention = (c: RetentionCommand, s: RetentionState): RetentionEvent[] =>
  c.data.messageContentDays === s.messageContentDays && s.setAt !== null
    ? []
    : [{ type: 'RetentionSet', data: { messageContentDays: c.data.messageContentDays, setBy: c.meta.actor, setAt: c.meta.now } }];

export const retentionDecider: Decider<RetentionState, RetentionCommand, RetentionEvent> = {
  decide: decideRetention,
  evolve: evolveRetention,
  initialState: initialRetention,
};

/** A guild's retention stream, for `aggregateStream` (the retention job, settings as of a moment). */
export const retentionAggregate: StreamAggregate<RetentionState, RetentionEvent> = streamAggregate({ initialState: initialRetention, evolve: evolveRetention }, retentionEvents);
