import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { type CaseNumberEvent, type ModerationRequest, RECENT_ALLOCATIONS, caseNumberDecider } from '../src/index.js';
import { ANN, NOW, counterCommand, target } from './fixtures.js';

const spec = DeciderSpecification.for(caseNumberDecider);

const request = (requestId: string): ModerationRequest => ({
  requestId, origin: 'guildhall', action: 'warn', target, moderator: ANN, reason: null, durationSeconds: null,
  expiresAt: null, deleteMessageSeconds: null, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: NOW,
});
const allocated = (caseNumber: number, requestId: string): CaseNumberEvent => ({
  type: 'CaseNumberAllocated',
  data: { caseNumber, request: request(requestId) },
});

describe('AllocateCaseNumber', () => {
  it('starts at 1', () => {
    spec.given([]).when(counterCommand('AllocateCaseNumber', { request: request('a') })).then([allocated(1, 'a')]);
  });
  it('takes the next number after the last one (never reused)', () => {
    spec.given([allocated(1, 'a'), allocated(2, 'b')]).when(counterCommand('AllocateCaseNumber', { request: request('c') })).then([allocated(3, 'c')]);
  });
  it('allocates nothing for a request that already has a number', () => {
    spec.given([allocated(1, 'a'), allocated(2, 'b')]).when(counterCommand('AllocateCaseNumber', { request: request('a') })).then([]);
  });
  it('remembers only the recent allocations, and still counts past them', () => {
    const history = Array.from({ length: RECENT_ALLOCATIONS + 1 }, (_, i) => allocated(i + 1, `r${i + 1}`));
    const state = history.reduce(caseNumberDecider.evolve, caseNumberDecider.initialState());
    expect(state.recent).toHaveLength(RECENT_ALLOCATIONS);
    expect(state.recent[0]?.[0]).toBe('r2');
    expect(state.lastCaseNumber).toBe(RECENT_ALLOCATIONS + 1);
    spec.given(history).when(counterCommand('AllocateCaseNumber', { request: request('new') })).then([allocated(RECENT_ALLOCATIONS + 2, 'new')]);
  });
});
