import { describe, expect, it } from 'vitest';
import { bucketsBetween, bucketStart, toColumns, toCsv } from '../src/analytics/series.js';

describe('analytics series helpers', () => {
  it('starts buckets as PostgreSQL date_trunc does in UTC (weeks on Monday)', () => {
    const t = new Date('2026-03-05T17:45:00Z'); // a Thursday
    expect(bucketStart(t, 'hour').toISOString()).toBe('2026-03-05T17:00:00.000Z');
    expect(bucketStart(t, 'day').toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(bucketStart(t, 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(bucketStart(new Date('2026-03-08T23:00:00Z'), 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(bucketStart(t, 'month').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('lists every bucket of a window and spreads points into columns with zeros', () => {
    const x = bucketsBetween('2026-03-01T10:00:00Z', '2026-03-04T00:00:00Z', 'day');
    expect(x).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z']);
    expect(bucketsBetween('2026-01-31T00:00:00Z', '2026-04-01T00:00:00Z', 'month')).toHaveLength(3);
    const { columns } = toColumns(x, [{ bucket: x[1]!, joins: 3, leaves: 1 }], ['joins', 'leaves'], (p, s) => p[s as 'joins' | 'leaves']);
    expect(columns).toEqual({ joins: [0, 3, 0], leaves: [0, 1, 0] });
  });

  it('writes RFC 4180 CSV, quoting what needs it', () => {
    expect(toCsv(['name', 'n'], [['Ann, the mod', 2], ['say "hi"', null], ['plain', 0]])).toBe('name,n\r\n"Ann, the mod",2\r\n"say ""hi""",\r\nplain,0\r\n');
  });
});
