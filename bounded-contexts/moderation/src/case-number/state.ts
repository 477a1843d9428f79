import type { CaseNumberEvent } from './events.js';

/**
 * How many recent allocations the counter remembers to answer a re-sent request with nothing
 * new. Re-sends come from the process manager retrying within seconds or minutes; older ones
 * are also caught by the store's dedupe (the command id) and by the case stream (OpenCase is
 * idempotent per request).
 */
export const RECENT_ALLOCATIONS = 1000;

export type CaseNumberState = Readonly<{
  lastCaseNumber: number;
  /** requestId → case number, the last RECENT_ALLOCATIONS only (oldest first). */
  recent: readonly (readonly [string, number])[];
}>;

export const initialCaseNumberState = (): CaseNumberState => ({ lastCaseNumber: 0, recent: [] });

export const evolveCaseNumber = (s: CaseNumberState, event: CaseNumberEvent): CaseNumberState => {
  switch (event.type) {
    case 'CaseNumberAllocated': {
      const recent = [...s.recent, [event.data.request.requestId, event.data.caseNumber] as const];
      return {
        lastCaseNumber: Math.max(s.lastCaseNumber, event.data.caseNumber),
        recent: recent.length > RECENT_ALLOCATIONS ? recent.slice(recent.length - RECENT_ALLOCATIONS) : recent,
      };
    }
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
};

/**
 * Numbers are the stream's own count: the next is last + 1, and the append is made with the
 * version it was decided on, so two concurrent allocations cannot both get the same number
 * (the loser gets VERSION_CONFLICT, reloads and takes the next one). Numbers are never reused.
 */
