// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Replay } from '../src/components/Replay.js';
import { replayStates } from '../src/replay.js';
import { APPEAL_GUILD, appealTimeline, entries } from './fixtures.js';

afterEach(cleanup);
const position = () => screen.getByTestId('replay-position').textContent;

describe('Replay component', () => {
  it('steps first / previous / next / last and highlights what each step changed', () => {
    render(<Replay guildId="1" caseNumber={3} entries={entries} />);
    expect(position()).toContain('after event 3 of 3');
    expect(screen.getByRole('button', { name: 'Next step' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'First step' }));
    expect(position()).toContain('after event 1 of 3');
    expect(screen.getByText(/Case opened: ban/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous step' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Next step' }));
    expect(position()).toContain('after event 2 of 3');
    // Step 2 asked Discord: the outcome and the Discord actions changed, and are marked.
    const diff = screen.getByTestId('replay-diff');
    expect(diff.textContent).toContain('outcome: recorded → pending');
    expect(diff.textContent).toContain('discordActions');
    const marked = [...document.querySelectorAll('dt.changed')].map((d) => d.textContent);
    expect(marked).toEqual(['In Discord (changed in this step)']);
    fireEvent.click(screen.getByRole('button', { name: 'Last step' }));
    expect(position()).toContain('after event 3 of 3');
    expect(screen.getByTestId('replay-diff').textContent).toContain('outcome: pending → failed');
    fireEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    expect(position()).toContain('after event 2 of 3');
  });

  it('plays from the start at the chosen speed and stops at the last step', async () => {
    render(<Replay guildId="1" caseNumber={3} entries={entries} />);
    fireEvent.change(screen.getByLabelText('Replay speed'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    // At the end already, Play starts again from the first step.
    expect(position()).toContain('after event 1 of 3');
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    await waitFor(() => expect(position()).toContain('after event 2 of 3'), { timeout: 1_000 });
    await waitFor(() => expect(position()).toContain('after event 3 of 3'), { timeout: 1_000 });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy());
  });

  it('compares the browser replay with the state the read model stored', () => {
    // The fixture stores {status: 'none'} as every state: the replay must say it differs.
    render(<Replay guildId="1" caseNumber={3} entries={entries} />);
    expect(screen.getByText('browser replay differs from the read model')).toBeTruthy();
    cleanup();
    const states = replayStates('1', 3, entries);
    render(<Replay guildId="1" caseNumber={3} entries={entries.map((e, i) => ({ ...e, state: states[i]! }))} />);
    expect(screen.getByText('replayed in your browser = read model')).toBeTruthy();
  });
});

describe('Replay component over a case with an appeal', () => {
  it('steps onto the appeal steps: the appeal after each, what it changed, the case left as it was; agrees with the read model', () => {
    render(<Replay guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline()} />);
    expect(position()).toContain('after event 7 of 7');
    expect(screen.getByText(/Lifted by case #4 — lifted by appeal #1/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    expect(position()).toContain('after event 6 of 7');
    expect(screen.getByText(/Appeal #1 approved: “Believable.” — lifting the ban/, { selector: 'b' })).toBeTruthy();
    const appeal = document.querySelector('dl[aria-label="appeal #1 after this step"]');
    expect(appeal?.textContent).toContain('approved by Ben: Believable.');
    expect(screen.getByText('What this step changed in appeal #1')).toBeTruthy();
    const diff = screen.getByTestId('replay-diff').textContent;
    expect(diff).toContain('status: under-review → approved');
    // The appeal's fields are marked; nothing of the case is.
    expect([...document.querySelectorAll('dt.changed')].map((d) => d.textContent)).toEqual(['Appeal', 'Decision']);
    expect(screen.getByText('replayed in your browser = read model')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    expect(position()).toContain('after event 4 of 7');
    expect(screen.getByText(/The member submitted appeal #1/, { selector: 'b' })).toBeTruthy();
  });

  it('says so when the browser replay of an appeal differs from the read model', () => {
    const t = appealTimeline();
    const tampered = t.map((e) => (e.stream === 'appeal' ? { ...e, appeal: { ...e.appeal, status: 'denied' as const } } : e));
    render(<Replay guildId={APPEAL_GUILD} caseNumber={3} entries={tampered} />);
    fireEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    expect(screen.getByText('browser replay differs from the read model')).toBeTruthy();
  });
});
