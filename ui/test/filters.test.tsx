// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkOutcomes } from '../src/components/BulkAction.js';
import { SavedFilters, withFilter } from '../src/components/SavedFilters.js';
import type { AuditLogEntry } from '../src/api/types.js';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('saved filters', () => {
  it('adds or replaces by name, sorted', () => {
    const list = withFilter(withFilter([], { name: 'bans', query: 'type=ban' }), { name: 'active', query: 'status=active' });
    expect(list.map((f) => f.name)).toEqual(['active', 'bans']);
    expect(withFilter(list, { name: 'bans', query: 'type=ban&order=asc' }).find((f) => f.name === 'bans')?.query).toBe('type=ban&order=asc');
  });

  it('saves the current filter under a name, applies and deletes it, and remembers it', () => {
    const applied: string[] = [];
    const view = () => render(<SavedFilters userId="42" scope="cases.1" current="type=ban&status=active" onApply={(q) => applied.push(q)} />);
    view();
    expect(screen.getByText('none yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save filter' })).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Name for this filter'), { target: { value: 'active bans' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save filter' }));
    cleanup();
    view();
    fireEvent.click(screen.getByRole('button', { name: 'active bans' }));
    expect(applied).toEqual(['type=ban&status=active']);
    fireEvent.click(screen.getByRole('button', { name: 'Delete saved filter active bans' }));
    expect(screen.queryByRole('button', { name: 'active bans' })).toBeNull();
    expect(JSON.parse(localStorage.getItem('guildhall.42.filters.cases.1')!)).toEqual([]);
  });
});

const ev = (type: string, payload: unknown): AuditLogEntry =>
  ({ position: 1, idx: 0, eventId: type, type, schemaVersion: 1, streamId: 's', version: 1, occurredAt: '2026-01-01T00:00:00.000Z', actor: { kind: 'system', id: 's', name: 's' }, source: 'web', correlationId: 'c', causationId: null, payload }) as AuditLogEntry;

describe('bulk outcomes', () => {
  it('shows each member pending until their event, then done with the case or failed with the reason', () => {
    const targets = [{ id: '1', name: 'a' }, { id: '2', name: 'b' }, { id: '3', name: null }];
    expect(bulkOutcomes(targets, []).members.map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    const r = bulkOutcomes(targets, [
      ev('BulkActionRequested', { targets }),
      ev('BulkMemberSucceeded', { target: { id: '1' }, caseNumber: 7 }),
      ev('BulkMemberFailed', { target: { id: '2' }, stage: 'rejected', caseNumber: null, code: 'ALREADY_BANNED', reason: 'already banned' }),
    ]);
    expect(r.members).toEqual([
      { target: targets[0], status: 'applied', caseNumber: 7, reason: null },
      { target: targets[1], status: 'failed', caseNumber: null, reason: 'ALREADY_BANNED: already banned' },
      { target: targets[2], status: 'pending', caseNumber: null, reason: null },
    ]);
    expect(r.completed).toBe(false);
    expect(bulkOutcomes(targets, [ev('BulkActionCompleted', {})]).completed).toBe(true);
  });
});
