// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseTimeline } from '../src/components/CaseTimeline.js';
import { APPEAL_GUILD, APPEAL_ID, appealTimeline, unbanTimeline } from './fixtures.js';

afterEach(cleanup);

const items = (caseNumber = 3) => within(screen.getByRole('list', { name: `Timeline of case #${caseNumber}` })).getAllByRole('listitem');

describe('CaseTimeline: the case and its appeal in one list', () => {
  it('renders the appeal steps among the case steps in order, the statement under the submission, the lift linked to the appeal', () => {
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline()} />);
    const rows = items();
    expect(rows.map((r) => r.getAttribute('data-stream'))).toEqual(['case', 'case', 'case', 'appeal', 'appeal', 'appeal', 'case']);
    expect(rows[3]!.textContent).toContain('The member submitted appeal #1');
    expect(rows[3]!.textContent).toContain('spammer');
    expect(within(rows[3]!).getByText('It was my brother.').tagName).toBe('BLOCKQUOTE');
    expect(rows[4]!.textContent).toContain('Appeal #1 under review by Ben');
    expect(rows[5]!.textContent).toContain('Appeal #1 approved: “Believable.” — lifting the ban');
    expect(rows[6]!.textContent).toContain('Lifted by case #4 — lifted by appeal #1');
    const link = within(rows[6]!).getByRole('link', { name: 'See appeal #1' });
    expect(link.getAttribute('href')).toBe(`/g/${APPEAL_GUILD}/cases/3#appeal-${APPEAL_ID}`);
  });

  it("shows a withheld statement as for moderators only, and an erased one as erased", () => {
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline({ statement: '[withheld]' })} />);
    expect(items()[3]!.textContent).toContain('statement is shown to moderators only');
    expect(screen.queryByText('[withheld]')).toBeNull();
    cleanup();
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline({ statement: '[erased]' })} />);
    expect(within(items()[3]!).getByText('[erased]').tagName).toBe('BLOCKQUOTE');
  });

  it('names a four-eyes approver on the decision, erased once they were forgotten', () => {
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline({ approver: 'Cleo' })} />);
    expect(items()[5]!.textContent).toContain('Appeal #1 approved (four-eyes: approved by Cleo): “Believable.”');
    cleanup();
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline({ approver: '[erased]' })} />);
    expect(items()[5]!.textContent).toContain('Appeal #1 approved (four-eyes: approved by [erased])');
    expect(screen.queryByText(/Cleo/)).toBeNull();
  });

  it('on the unban case the approval opened: the appeal of case #3 first, named and linked as that case’s, then the unban naming it', () => {
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={4} entries={unbanTimeline()} />);
    const rows = items(4);
    expect(rows.map((r) => r.getAttribute('data-stream'))).toEqual(['appeal', 'appeal', 'appeal', 'case', 'case', 'case']);
    expect(rows[0]!.textContent).toContain('The member submitted appeal #1 of case #3');
    expect(within(rows[0]!).getByText('It was my brother.').tagName).toBe('BLOCKQUOTE');
    expect(within(rows[0]!).getByRole('link', { name: 'See appeal #1 of case #3' }).getAttribute('href')).toBe(`/g/${APPEAL_GUILD}/cases/3#appeal-${APPEAL_ID}`);
    expect(rows[1]!.textContent).toContain('Appeal #1 of case #3 under review by Ben');
    expect(rows[2]!.textContent).toContain('Appeal #1 of case #3 approved: “Believable.” — lifting the ban');
    expect(rows[3]!.textContent).toContain('Case opened: unban');
    expect(rows[3]!.textContent).toContain('lifted by appeal #1 of case #3');
    // On case 3 itself nothing says "of case #3".
    cleanup();
    render(<CaseTimeline guildId={APPEAL_GUILD} caseNumber={3} entries={appealTimeline()} />);
    expect(items().some((r) => r.textContent?.includes('of case #3'))).toBe(false);
  });
});
