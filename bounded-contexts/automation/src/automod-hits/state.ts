/** A rule-day's hits: which subjects were hit, which deletes are settled (a replayed hit or outcome records nothing twice). */
export type AutomodHitsState = Readonly<{ hit: ReadonlySet<string>; settled: ReadonlySet<string> }>;

export const initialAutomodHitsState = (): AutomodHitsState => ({ hit: new Set(), settled: new Set() });
