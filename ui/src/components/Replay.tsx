import { useEffect, useMemo, useRef, useState } from 'react';
import type { Appeal } from '@guildhall/appeals';
import type { TimelineEntry } from '../api/types.js';
import { appealBefore, changedKeys, moveStep, REPLAY_SPEEDS, replaySteps, sameJson, type StepMove } from '../replay.js';
import { announce } from './announce.js';
import { Badge, Time } from './bits.js';
import { appealStatusLabel } from '../pages/MyRecordPage.js';
import { appealLabel, describeEvent, StateView } from './CaseStateView.js';

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : Array.isArray(v) ? `${v.length} item${v.length === 1 ? '' : 's'}` : JSON.stringify(v));

/** "before → after", or for a list that kept its length, that one of its items changed. */
const changeText = (a: unknown, b: unknown): string =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length ? `${show(b)}, one changed` : `${show(a)} → ${show(b)}`;

/** The appeal as a step left it: its state, reviewer, decision (the fields the step changed marked). */
const AppealStateView = ({ appeal, changed }: { appeal: Appeal; changed: ReadonlySet<string> }) => {
  const mark = (k: string) => (changed.has(k) ? 'changed' : undefined);
  return (
    <dl className="facts" aria-label={`${appealLabel(appeal.appealId)} after this step`}>
      <dt className={mark('status')}>Appeal</dt>
      <dd className={mark('status')}>
        {appealLabel(appeal.appealId)} <Badge kind={`appeal-${appeal.status}`}>{appealStatusLabel(appeal.status)}</Badge>
      </dd>
      <dt className={mark('reviewer')}>Reviewer</dt>
      <dd className={mark('reviewer')}>{appeal.reviewer?.name ?? '—'}</dd>
      <dt className={mark('decision')}>Decision</dt>
      <dd className={mark('decision')}>{appeal.decision ? `${appeal.decision.decision} by ${appeal.decision.by.name}: ${appeal.decision.reason}` : '—'}</dd>
    </dl>
  );
};

/**
 * Step through the case's history: the state after each step, replayed in the browser with the
 * moderation context's own evolve (and, for an appeal's step, the appeals context's). First /
 * previous / next / last, play at a chosen speed, and the fields the current step changed
 * highlighted (and listed, for screen readers).
 */
export const Replay = ({ guildId, caseNumber, entries }: { guildId: string; caseNumber: number; entries: readonly TimelineEntry[] }) => {
  const steps = useMemo(() => replaySteps(guildId, caseNumber, entries), [guildId, caseNumber, entries]);
  const [picked, setPicked] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(1);
  const count = entries.length;
  const step = Math.min(picked ?? count - 1, count - 1);
  const go = (move: StepMove) => setPicked(moveStep(step, move, count));

  // Playing moves one step per 1/speed seconds and stops at the last.
  const stepRef = useRef(step);
  stepRef.current = step;
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      const next = moveStep(stepRef.current, 'next', count);
      setPicked(next);
      if (next >= count - 1) setPlaying(false);
    }, 1000 / speed);
    return () => clearInterval(t);
  }, [playing, speed, count]);

  const entry = entries[step];
  const state = steps[step]?.state;
  const appeal = steps[step]?.appeal ?? null;
  const before = step > 0 ? steps[step - 1]?.state : undefined;
  // An appeal's step changes the appeal, not the case: what changed is the appeal's fields.
  const appealPrior = useMemo(() => appealBefore(entries, steps, step), [entries, steps, step]);
  const changed = useMemo(
    () => (appeal ? changedKeys(appealPrior ?? {}, appeal) : state ? changedKeys(before ?? { status: 'none' }, state) : []),
    [appeal, appealPrior, before, state],
  );
  useEffect(() => {
    if (entry && picked !== null) announce(`Step ${step + 1} of ${count}: ${describeEvent(entry, caseNumber)}`);
  }, [step, picked, entry, count, caseNumber]);
  if (!entry || !state) return null;
  const matches = sameJson(state, entry.state) && (entry.stream !== 'appeal' || sameJson(appeal, entry.appeal));
  const play = () => {
    if (step >= count - 1) setPicked(0);
    setPlaying(true);
  };
  return (
    <section className="replay" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay</h2>
      <div className="replay-controls" role="group" aria-label="Replay controls">
        <button type="button" onClick={() => go('first')} disabled={step === 0} data-step="first">
          <span aria-hidden="true">«</span> First step
        </button>
        <button type="button" onClick={() => go('previous')} disabled={step === 0} data-step="previous">
          <span aria-hidden="true">◀</span> Previous step
        </button>
        <button type="button" onClick={() => go('next')} disabled={step >= count - 1} data-step="next">
          Next step <span aria-hidden="true">▶</span>
        </button>
        <button type="button" onClick={() => go('last')} disabled={step >= count - 1} data-step="last">
          Last step <span aria-hidden="true">»</span>
        </button>
        {playing ? (
          <button type="button" onClick={() => setPlaying(false)}>
            Pause
          </button>
        ) : (
          <button type="button" onClick={play} disabled={count < 2}>
            Play
          </button>
        )}
        <label className="check">
          Speed
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Replay speed">
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}× ({s} step{s === 1 ? '' : 's'}/s)
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="slider">
        <span data-testid="replay-position">
          after event {step + 1} of {count}
        </span>
        <input type="range" min={0} max={count - 1} value={step} onChange={(e) => go({ to: Number(e.target.value) })} aria-label="replay step" />
      </label>
      <p>
        <b>{describeEvent(entry, caseNumber)}</b> — {entry.actor.name} <span className="muted small">({entry.source})</span> <Time at={entry.occurredAt} />
      </p>
      <p className="small">
        {matches ? <Badge kind="ok">replayed in your browser = read model</Badge> : <Badge kind="bad">browser replay differs from the read model</Badge>}
      </p>
      {changed.length ? (
        <>
          <h3 className="small">What this step changed{appeal ? ` in ${appealLabel(appeal.appealId)}` : ''}</h3>
          <ul className="diff" data-testid="replay-diff">
            {changed.map((k) => (
              <li key={k}>
                <b>{k}</b>:{' '}
                {appeal
                  ? changeText(appealPrior ? (appealPrior as Record<string, unknown>)[k] : undefined, (appeal as Record<string, unknown>)[k])
                  : changeText(before ? (before as Record<string, unknown>)[k] : undefined, (state as Record<string, unknown>)[k])}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted small">This step changed nothing in the case&apos;s state.</p>
      )}
      {appeal ? <AppealStateView appeal={appeal} changed={new Set(changed)} /> : null}
      <StateView state={state} guildId={guildId} changed={appeal ? new Set() : new Set(changed)} />
      <details>
        <summary>state as JSON</summary>
        <pre>{JSON.stringify(state, null, 2)}</pre>
      </details>
    </section>
  );
};
