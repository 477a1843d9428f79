import { describe, expect, it } from 'vitest';
import type { VerificationStatus } from '../src/components/VerificationBadge.js';

// bits.tsx imports the router, which touches window at import; give it the little it needs.
(globalThis as { window?: unknown }).window ??= { addEventListener: () => undefined };
const { verificationView } = await import('../src/components/VerificationBadge.js');

const base: VerificationStatus = { status: 'verified', verifiedAt: '2026-01-01T00:00:00.000Z', upToPosition: 42, upToOccurredAt: '2026-01-01T00:00:00.000Z', problems: 0, firstProblem: null, case: null };

describe('verification badge', () => {
  it('is green "verified up to <position>" when the last check passed', () => {
    expect(verificationView(base)).toEqual({ kind: 'ok', text: 'verified up to position 42' });
  });
  it('is red naming the first bad place when it failed', () => {
    const v = verificationView({ ...base, status: 'failed', problems: 2, firstProblem: { code: 'DELETED', stream: 'EVENTS', position: 7, what: 'message deleted' } });
    expect(v).toEqual({ kind: 'bad', text: 'verification failed: DELETED at EVENTS position 7 (+1 more)' });
  });
  it('says so when no check ran yet, or a case is newer than the verified part', () => {
    expect(verificationView({ ...base, status: 'unknown' }).text).toBe('not verified yet');
    expect(verificationView({ ...base, case: { caseNumber: 3, lastPosition: 50, covered: false } }).kind).toBe('status-pending');
    expect(verificationView({ ...base, case: { caseNumber: 3, lastPosition: 40, covered: true } }).kind).toBe('ok');
  });
});
