import { describe, expect, it } from 'vitest';
import { changedKeys, moveStep, replayStates, sameJson } from '../src/replay.js';
import { entries } from './fixtures.js';

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

  it('lists the fields a step changed', () => {
    const states = replayStates('1', 3, entries);
    expect(changedKeys({ status: 'none' }, states[0])).toContain('caseNumber');
    expect(changedKeys(states[0], states[1])).toEqual(['discordActions', 'outcome']);
    expect(changedKeys(states[2], states[2])).toEqual([]);
  });

  it('moves between steps, clamped to the ends', () => {
    expect(moveStep(2, 'first', 5)).toBe(0);
    expect(moveStep(2, 'last', 5)).toBe(4);
    expect(moveStep(0, 'previous', 5)).toBe(0);
    expect(moveStep(4, 'next', 5)).toBe(4);
    expect(moveStep(1, 'next', 5)).toBe(2);
    expect(moveStep(1, { to: 9 }, 5)).toBe(4);
    expect(moveStep(0, 'last', 0)).toBe(0);
  });
});
