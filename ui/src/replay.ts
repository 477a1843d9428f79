import { caseAppealsAggregate, caseAppealsStreamId, type Appeal } from '@guildhall/appeals';
import { foldStream, type StoredEvent } from '@guildhall/kernel';
import { caseAsOf, caseStreamId, type CaseState } from '@guildhall/moderation';
import type { TimelineEntry } from './api/types.js';

/** One replayed step: the case after it, and for an appeal's step that appeal after it. */
export type ReplayStep = Readonly<{ state: CaseState; appeal: Appeal | null }>;

/**
 * The case after each step of its timeline, replayed here in the browser with the moderation
 * context's own evolve (caseAsOf) from the case's events the timeline carries; for an appeal's
 * step, the appeal after it too, folded with the appeals context's own evolve from the events
 * before it of that appeal's stream (the case's own appeals, or, on a case an approved appeal
 * opened, the appeals of the case it lifted). An appeal step leaves the case as it was. Each
 * prefix is a state the case (and the appeal) really had; comparing with the read model's stored
 * states checks the projection.
 */
export const replaySteps = (guildId: string, caseNumber: number, entries: readonly TimelineEntry[]): ReplayStep[] => {
  const caseStream = caseStreamId(guildId, caseNumber);
  const caseEvents: StoredEvent[] = [];
  const appealEvents = new Map<number, StoredEvent[]>();
  let state = caseAsOf([], Number.MAX_SAFE_INTEGER);
  return entries.map((e): ReplayStep => {
    const stored = { type: e.type, payload: e.payload, version: e.version, occurredAt: e.occurredAt };
    if (e.stream === 'appeal') {
      const stream = appealEvents.get(e.appealCaseNumber) ?? [];
      stream.push({ ...stored, streamId: caseAppealsStreamId(guildId, e.appealCaseNumber) });
      appealEvents.set(e.appealCaseNumber, stream);
      const appeals = foldStream(caseAppealsAggregate, stream);
      return { state, appeal: appeals.appeals.find((a) => a.appealId === e.appealId) ?? null };
    }
    caseEvents.push({ ...stored, streamId: caseStream });
    state = caseAsOf(caseEvents, Number.MAX_SAFE_INTEGER);
    return { state, appeal: null };
  });
};

/** The case after each step (see replaySteps). */
export const replayStates = (guildId: string, caseNumber: number, entries: readonly TimelineEntry[]): CaseState[] =>
  replaySteps(guildId, caseNumber, entries).map((s) => s.state);

/** The appeal as it was before step `i` of its appeal (none: the step submitted it). */
export const appealBefore = (entries: readonly TimelineEntry[], steps: readonly ReplayStep[], i: number): Appeal | null => {
  const e = entries[i];
  if (e?.stream !== 'appeal') return null;
  for (let j = i - 1; j >= 0; j--) {
    const prev = entries[j];
    if (prev?.stream === 'appeal' && prev.appealId === e.appealId) return steps[j]?.appeal ?? null;
  }
  return null;
};

/** Structural equality of two JSON values (key order does not matter). */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
};

/** Top-level fields whose value differs between two replay steps (what the step changed). */
export const changedKeys = (before: unknown, after: unknown): string[] => {
  const a = (typeof before === 'object' && before !== null ? before : {}) as Record<string, unknown>;
  const b = (typeof after === 'object' && after !== null ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !sameJson(a[k], b[k])).sort();
};

export type StepMove = 'first' | 'previous' | 'next' | 'last' | { to: number };

/** Where a move lands among `count` steps (0-based), clamped to the ends. */
export const moveStep = (current: number, move: StepMove, count: number): number => {
  const last = Math.max(0, count - 1);
  const target =
    move === 'first' ? 0 : move === 'last' ? last : move === 'previous' ? current - 1 : move === 'next' ? current + 1 : move.to;
  return Math.min(last, Math.max(0, target));
};

/** Speeds a person may play the replay at: steps per second. */
export const REPLAY_SPEEDS = [0.5, 1, 2, 4] as const;
