import type { UserRef } from '../moderation-schemas.js';
import type { BulkActionEvent, BulkActionRequested } from './events.js';

export type BulkMemberOutcome = Readonly<{ result: 'succeeded' | 'failed'; caseNumber: number | null }>;

export type BulkActionState =
  | Readonly<{ status: 'none' }>
  | Readonly<
      Omit<BulkActionRequested['data'], 'targets'> & {
        status: 'running' | 'completed';
        targets: readonly UserRef[];
        outcomes: Readonly<Record<string, BulkMemberOutcome>>;
      }
    >;

export const initialBulkActionState = (): BulkActionState => ({ status: 'none' });

export const evolveBulkAction = (s: BulkActionState, e: BulkActionEvent): BulkActionState => {
  switch (e.type) {
    case 'BulkActionRequested':
      return { ...e.data, status: 'running', outcomes: {} };
    case 'BulkMemberSucceeded':
    case 'BulkMemberFailed': {
      if (s.status === 'none') return s;
      const result = e.type === 'BulkMemberSucceeded' ? 'succeeded' : 'failed';
      return { ...s, outcomes: { ...s.outcomes, [e.data.target.id]: { result, caseNumber: e.data.caseNumber } } };
    }
    case 'BulkActionCompleted':
      return s.status === 'none' ? s : { ...s, status: 'completed' };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
