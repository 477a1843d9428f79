/** A permanent failure: Discord refused and retrying will not change it. Becomes a failed outcome. */
export class ActionFailure extends Error {
  override readonly name = 'ActionFailure';
  constructor(
    /** Discord's JSON error code (50013, 10007, ...), null when Discord gave none. */
    readonly discordErrorCode: number | null,
    readonly httpStatus: number | null,
    /** For people: "missing permission: ...", "member gone: ...". */
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A failure worth retrying (5xx, network, timeout). */
export class TransientFailure extends Error {
  override readonly name = 'TransientFailure';
  constructor(
    readonly httpStatus: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
