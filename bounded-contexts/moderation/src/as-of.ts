import { foldStream, type AsOf, type StoredEvent, type StreamAggregate } from '@guildhall/kernel';
import { caseDecider } from './case/decider.js';
import { caseEvents, type CaseEvent } from './case/events.js';
import type { CaseState } from './case/state.js';
import { memberRecordDecider } from './member-record/decider.js';
import { memberRecordEvents, type MemberRecordEvent } from './member-record/events.js';
import type { MemberRecordState } from './member-record/state.js';
import { parseModerationEvent, type ModerationEvent } from './moderation-events.js';

export type { AsOf } from '@guildhall/kernel';

const isCaseEvent = (e: ModerationEvent): e is CaseEvent => Object.hasOwn(caseEvents, e.type);
const isMemberRecordEvent = (e: ModerationEvent): e is MemberRecordEvent => Object.hasOwn(memberRecordEvents, e.type);

/** A case stream, for `aggregateStream` and `foldStream`. */
export const caseAggregate: StreamAggregate<CaseState, CaseEvent> = {
  initialState: caseDecider.initialState,
  evolve: caseDecider.evolve,
  eventOf: (stored) => {
    const e = parseModerationEvent(stored);
    return e && isCaseEvent(e) ? e : undefined;
  },
};

/** A member's moderation record stream, for `aggregateStream` and `foldStream`. */
export const memberRecordAggregate: StreamAggregate<MemberRecordState, MemberRecordEvent> = {
  initialState: memberRecordDecider.initialState,
  evolve: memberRecordDecider.evolve,
  eventOf: (stored) => {
    const e = parseModerationEvent(stored);
    return e && isMemberRecordEvent(e) ? e : undefined;
  },
};

/** A case as it was at a version of its stream, or at a moment (for the UI's history slider and audits). */
export const caseAsOf = (events: Iterable<StoredEvent>, at: AsOf): CaseState => foldStream(caseAggregate, events, at);

/** A member's moderation record (banned? timed out? which cases?) at a version or a moment. */
export const memberRecordAsOf = (events: Iterable<StoredEvent>, at: AsOf): MemberRecordState => foldStream(memberRecordAggregate, events, at);
