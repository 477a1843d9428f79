import type { Decider } from '@guildhall/kernel';
import { reject } from '../access-errors.js';
import type { ErasureCommand } from './commands.js';
import type { ErasureEvent } from './events.js';
import { initialErasure, type ErasureState } from './state.js';

export const evolveErasure = (s: ErasureState, e: ErasureEvent): ErasureState => {
  switch (e.type) {
    case 'MemberForgotten':
      return { forgotten: s.forgotten + 1 };
    default: {
      const unknown: never = e.type;
      return unknown;
    }
  }
};

/**
 * Every request is recorded (a member forgotten, who came back and wrote again, may ask again:
 * the new data has a new key). A member asking for themself must be that member.
 */
export const decideErasure = (c: ErasureCommand, _s: ErasureState): ErasureEvent[] => {
  const { memberId, requestedBy } = c.data;
  if (requestedBy === 'member' && c.meta.actor.id !== memberId) {
    reject('NOT_YOUR_RECORD', 'a member may only ask to forget themself', { field: 'memberId' });
  }
  return [{ type: 'MemberForgotten', data: { memberId, requestedBy, forgottenBy: { kind: c.meta.actor.kind, id: c.meta.actor.id }, forgottenAt: c.meta.now } }];
};

export const erasureDecider: Decider<ErasureState, ErasureCommand, ErasureEvent> = {
  decide: decideErasure,
  evolve: evolveErasure,
  initialState: initialErasure,
};
