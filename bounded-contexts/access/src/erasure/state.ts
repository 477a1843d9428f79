/** A member's erasure record: how many times they were forgotten (each request is on the record). */
export type ErasureState = Readonly<{ forgotten: number }>;
export const initialErasure = (): ErasureState => ({ forgotten: 0 });
