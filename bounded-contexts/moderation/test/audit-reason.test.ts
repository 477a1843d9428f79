import { describe, expect, it } from 'vitest';
import { caseAsOf, formatAuditReason, parseCaseReference } from '../src/index.js';

describe('audit-log reason', () => {
  it('formats "Case #N — reason — by actor"', () => {
    expect(formatAuditReason(12, 'spam', 'Ann')).toBe('Case #12 — spam — by Ann');
    expect(formatAuditReason(1, null, 'Ann')).toBe('Case #1 — no reason given — by Ann');
  });
  it('never exceeds 512 characters and keeps both ends', () => {
    const r = formatAuditReason(123456, 'y'.repeat(600), 'n'.repeat(300));
    expect(r).toHaveLength(512);
    expect(r.startsWith('Case #123456 — yyy')).toBe(true);
    expect(r.endsWith(`— by ${'n'.repeat(100)}`)).toBe(true);
  });
  it('parses the case a reason starts with, and nothing else', () => {
    expect(parseCaseReference('Case #12 — spam — by Ann')).toBe(12);
    expect(parseCaseReference(formatAuditReason(7, 'x', 'A'))).toBe(7);
    expect(parseCaseReference('Case #12')).toBe(12);
    expect(parseCaseReference('case #12')).toBeNull();
    expect(parseCaseReference('see Case #12')).toBeNull();
    expect(parseCaseReference('Case #0')).toBeNull();
    expect(parseCaseReference('Case #12345678901')).toBeNull();
    expect(parseCaseReference(null)).toBeNull();
  });
});

describe('caseAsOf', () => {
  it('refuses a moment that is not one', () => {
    expect(() => caseAsOf([], 'yesterday')).toThrow(RangeError);
  });
});
