import type { Decider, EventEnvelope } from '@guildhall/kernel';
import { caseDecider } from './case-decider.js';
import { caseEvents, type CaseEvent } from './case-events.js';
import type { CaseState } from './case-state.js';
import { memberRecordDecider } from './member-record-decider.js';
import { memberRecordEvents, type MemberRecordEvent } from './member-record-events.js';
import type { MemberRecordState } from './member-record-state.js';
import { parseModerationEvent, type ModerationEvent } from './moderation-events.js';

/** A stream version (number) or a moment (ISO string or Date). */
export type AsOf = number | string | Date;

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version' | 'occurredAt'>;

const reached = (at: AsOf): ((e: Stored) => boolean) => {
  if (typeof at === 'number') return (e) => e.version <= at;
  const moment = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(moment)) throw new RangeError(`not a moment: ${String(at)}`);
  return (e) => Date.parse(e.occurredAt) <= moment;
};

/**
 * Replays a stream's prefix with the decider's own evolve: the events stored at or before a
 * version, or that had occurred by a moment. Streams are read in order, so the replay stops at
 * the first event past the point (a prefix of a stream is always a state it really had).
 */
export const stateAsOf = <S, E extends ModerationEvent>(
  decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
  accepts: (e: ModerationEvent) => e is E,
  events: Iterable<Stored>,
  at: AsOf,
): S => {
  const within = reached(at);
  let state = decider.initialState();
  for (const stored of events) {
    if (!within(stored)) break;
    const event = parseModerationEvent(stored);
    if (event && accepts(event)) state = decider.evolve(state, event);
  }
  return state;
};

const isCaseEvent = (e: ModerationEvent): e is CaseEvent => Object.hasOwn(caseEvents, e.type);
const isMemberRecordEvent = (e: ModerationEvent): e is MemberRecordEvent => Object.hasOwn(memberRecordEvents, e.type);

/** A case as it was at a version of its stream, or at a moment (for the UI's history slider and audits). */
export const caseAsOf = (events: Iterable<Stored>, at: AsOf): CaseState => stateAsOf(caseDecider, isCaseEvent, events, at);

/** A member's moderation record (banned? timed out? which cases?) at a version or a moment. */
export const memberRecordAsOf = (events: Iterable<Stored>, at: AsOf): MemberRecordState =>
  stateAsOf(memberRecordDecider, isMemberRecordEvent, events, at);
