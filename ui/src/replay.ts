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
