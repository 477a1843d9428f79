/** What one delivery attempt came to: the transport's id of what it sent, or why not (and whether a retry can help). */
export type AttemptOutcome =
  | Readonly<{ ok: true; providerId: string }>
  | Readonly<{ ok: false; code: string; reason: string; permanent: boolean }>;

/** Thrown when an attempt's outcome is not known yet (the bot did not answer in time): the attempt is handed back and run again, never recorded as failed. */
export class OutcomeUnknown extends Error {
  override readonly name = 'OutcomeUnknown';
}
