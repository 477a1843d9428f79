import type { Decider } from '@guildhall/kernel';
import type { CaseNumberCommand } from './commands.js';
import type { CaseNumberEvent } from './events.js';
import { evolveCaseNumber, initialCaseNumberState, RECENT_ALLOCATIONS, type CaseNumberState } from './state.js';

export const allocateCaseNumber = (
  command: Extract<CaseNumberCommand, { type: 'AllocateCaseNumber' }>,
  s: CaseNumberState,
): CaseNumberEvent[] => {
  const { request } = command.data;
  if (s.recent.some(([requestId]) => requestId === request.requestId)) return [];
  return [{ type: 'CaseNumberAllocated', data: { caseNumber: s.lastCaseNumber + 1, request } }];
};

export const decideCaseNumber = (command: CaseNumberCommand, s: CaseNumberState): CaseNumberEvent[] => {
  switch (command.type) {
    case 'AllocateCaseNumber':
      return allocateCaseNumber(command, s);
    default: {
      const unknown: never = command.type;
      return unknown;
    }
  }
};

export const caseNumberDecider: Decider<CaseNumberState, CaseNumberCommand, CaseNumberEvent> = {
  decide: decideCaseNumber,
  evolve: evolveCaseNumber,
  initialState: initialCaseNumberState,
};
