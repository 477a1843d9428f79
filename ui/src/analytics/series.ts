import { downloadBlob } from '../components/download.js';

/** Pure helpers behind the analytics page: bucket filling and CSV. */
export type Range = 'hour' | 'day' | 'week' | 'month';
export const RANGES: readonly Range[] = ['hour', 'day', 'week', 'month'];

/** The start of the UTC bucket an instant falls in (weeks start on Monday, as PostgreSQL's date_trunc). */
export const bucketStart = (t: Date, range: Range): Date => {
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), range === 'month' ? 1 : t.getUTCDate(), range === 'hour' ? t.getUTCHours() : 0));
  if (range === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
};

export const nextBucket = (t: Date, range: Range): Date => {
  const d = new Date(t);
  if (range === 'hour') d.setUTCHours(d.getUTCHours() + 1);
  else if (range === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (range === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
};

/** Every bucket start from `from` to `to` (ISO), so empty buckets draw as zero instead of being skipped. */
export const bucketsBetween = (from: string, to: string, range: Range, max = 2000): string[] => {
  const out: string[] = [];
  const end = new Date(to).getTime();
  for (let b = bucketStart(new Date(from), range); b.getTime() < end && out.length < max; b = nextBucket(b, range)) out.push(b.toISOString());
  return out;
};

/**
 * Rows of `points` spread into one column per series over every bucket:
 * `[{bucket, joins, leaves}]` → `{ buckets, columns: { joins: [...], leaves: [...] } }`.
 */
export const toColumns = <P extends { bucket: string }>(buckets: readonly string[], points: readonly P[], series: readonly string[], value: (p: P, s: string) => number | undefined) => {
  const index = new Map(buckets.map((b, i) => [b, i]));
  const columns: Record<string, number[]> = Object.fromEntries(series.map((s) => [s, buckets.map(() => 0)]));
  for (const p of points) {
    const i = index.get(p.bucket);
    if (i === undefined) continue;
    for (const s of series) {
      const v = value(p, s);
      if (v !== undefined) columns[s]![i]! += v;
    }
  }
  return { buckets, columns };
};

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** RFC 4180 CSV: a header line and one line per row, quoted where needed, CRLF line ends. */
export const toCsv = (header: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

/** Offers `csv` to the browser as a file download. */
export const downloadCsv = (name: string, csv: string): void => downloadBlob(name, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
