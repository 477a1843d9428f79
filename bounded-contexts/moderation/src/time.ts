/** Pure instant arithmetic on ISO strings (deciders never read a clock: `now` comes from the command). */
export const addSeconds = (instant: string, seconds: number): string =>
  new Date(Date.parse(instant) + seconds * 1000).toISOString();

export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Whole seconds from `from` to `to`, at least 1 (for durations of observed timeouts). */
export const secondsBetween = (from: string, to: string): number =>
  Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
