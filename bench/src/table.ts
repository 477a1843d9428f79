/** Prints rows as an aligned text table. Benchmarks print; they never assert. */
export const printTable = (title: string, rows: readonly Record<string, string | number>[]): void => {
  const first = rows[0];
  if (!first) return;
  const headers = Object.keys(first);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? v.toLocaleString('en-US') : (v ?? ''));
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(cell(r[h])).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(headers.map((h) => String(cell(r[h])))));
};

export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

export const ratio = (a: number, b: number): string => `${((a / b) * 100).toFixed(0)}%`;

export const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
};
