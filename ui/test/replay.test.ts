import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../src/api/types.js';
import { replayStates, sameJson } from '../src/replay.js';

const moderator = { kind: 'dashboard-user' as const, id: '42', name: 'Ann' };
const target = { id: '777', name: 'spammer' };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

const entry = (seq: number, version: number, type: string, payload: unknown): TimelineEntry =>
  ({ seq, eventId: `e${seq}`, type, version, position: seq, occurredAt: at(seq), actor: moderator, source: 'web', correlationId: 'c', causationId: null, payload, state: { status: 'none' } }) as TimelineEntry;

/** A ban case as the moderation context stores it: opened and sent to Discord in one commit, then Discord's answer. */
const entries: TimelineEntry[] = [
  entry(1, 5, 'CaseOpened', {
    requestId: 'r1', origin: 'guildhall', action: 'ban', target, moderator, reason: 'raid', durationSeconds: null, expiresAt: null,
    deleteMessageSeconds: 0, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: at(0), caseNumber: 3, openedAt: at(1),
  }),
  entry(2, 5, 'DiscordActionRequested', {
    actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target,
    auditLogReason: 'Case #3 — raid — by Ann', timeoutUntil: null, deleteMessageSeconds: 0, requestedAt: at(1),
  }),
  entry(3, 9, 'DiscordActionFailed', {
    actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target,
    discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions', failedAt: at(3),
  }),
];

describe('replay in the browser with the moderation context’s caseAsOf', () => {
  it('gives the state after each event, even when events of one commit share a version', () => {
    const states = replayStates('1', 3, entries);
    expect(states.map((s) => (s.status === 'opened' ? s.outcome : s.status))).toEqual(['recorded', 'pending', 'failed']);
    const last = states[2]!;
    expect(last.status === 'opened' && last.discordActions[0]?.failure?.reason).toBe('Missing Permissions');
  });

  it('compares states as JSON, whatever the key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});
