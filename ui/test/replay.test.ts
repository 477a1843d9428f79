import { describe, expect, it } from 'vitest';
import { appealBefore, changedKeys, moveStep, replayStates, replaySteps, sameJson } from '../src/replay.js';
import { APPEAL_GUILD, appealTimeline, entries, unbanTimeline } from './fixtures.js';

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

describe('replay of a case with an appeal (the appeals context’s own evolve in the browser)', () => {
  const timeline = appealTimeline();
  const steps = replaySteps(APPEAL_GUILD, 3, timeline);

  it('gives each appeal step the case as it then was and the appeal after it; each case step the case after it', () => {
    expect(steps.map((s) => s.appeal?.status ?? null)).toEqual([null, null, null, 'submitted', 'under-review', 'approved', null]);
    // The appeal steps change nothing in the case: the ban stays in force until the lift.
    expect(steps[3]!.state).toEqual(steps[2]!.state);
    expect(steps[5]!.state).toEqual(steps[2]!.state);
    const last = steps[6]!.state;
    expect(last.status === 'opened' && last.ended).toMatchObject({ how: 'lifted', byCaseNumber: 4 });
    // What the read model stored, step by step.
    timeline.forEach((e, i) => {
      expect(sameJson(steps[i]!.state, e.state), `case state at step ${i + 1}`).toBe(true);
      if (e.stream === 'appeal') expect(sameJson(steps[i]!.appeal, e.appeal), `appeal at step ${i + 1}`).toBe(true);
    });
  });

  it("finds the appeal as it was before its step (none before it was submitted), for the step's changes", () => {
    expect(appealBefore(timeline, steps, 3)).toBeNull();
    expect(appealBefore(timeline, steps, 5)).toMatchObject({ status: 'under-review' });
    expect(changedKeys(appealBefore(timeline, steps, 5), steps[5]!.appeal)).toEqual(['decision', 'status']);
    expect(appealBefore(timeline, steps, 6)).toBeNull();
  });

  it('replays a withheld or erased statement as the API gave it', () => {
    for (const statement of ['[withheld]', '[erased]']) {
      const t = appealTimeline({ statement });
      expect(replaySteps(APPEAL_GUILD, 3, t)[3]!.appeal).toMatchObject({ statement, status: 'submitted' });
    }
  });
});

describe('replay of the unban case an approved appeal opened (the appeal of case 3 in case 4’s timeline)', () => {
  const timeline = unbanTimeline();
  const steps = replaySteps(APPEAL_GUILD, 4, timeline);

  it("folds the appeal's steps from its own case's appeals, the case none until it opens; each step what the read model stored", () => {
    expect(steps.map((s) => s.appeal?.status ?? null)).toEqual(['submitted', 'under-review', 'approved', null, null, null]);
    expect(steps.slice(0, 3).every((s) => s.state.status === 'none')).toBe(true);
    const last = steps.at(-1)!.state;
    expect(last.status === 'opened' && [last.caseNumber, last.action, last.outcome]).toEqual([4, 'unban', 'done']);
    timeline.forEach((e, i) => {
      expect(sameJson(steps[i]!.state, e.state), `case state at step ${i + 1}`).toBe(true);
      if (e.stream === 'appeal') expect(sameJson(steps[i]!.appeal, e.appeal), `appeal at step ${i + 1}`).toBe(true);
    });
    expect(appealBefore(timeline, steps, 2)).toMatchObject({ status: 'under-review' });
  });
});
