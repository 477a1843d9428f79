import { caseAsOf, caseStreamId, type CaseState } from '@guildhall/moderation';
import type { TimelineEntry } from './api/types.js';

/**
 * The case after each of its events, replayed here in the browser with the moderation context's
 * own evolve (caseAsOf), from the events the timeline carries. Each prefix is a state the case
 * really had; comparing it with the read model's stored state checks the projection.
 */
export const replayStates = (guildId: string, caseNumber: number, entries: readonly TimelineEntry[]): CaseState[] => {
  const streamId = caseStreamId(guildId, caseNumber);
  const stored = entries.map((e) => ({ type: e.type, payload: e.payload, streamId, version: e.version, occurredAt: e.occurredAt }));
  return stored.map((_, i) => caseAsOf(stored.slice(0, i + 1), Number.MAX_SAFE_INTEGER));
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
