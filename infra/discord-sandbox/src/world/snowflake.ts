/** Discord snowflakes: ms since the Discord epoch << 22, then worker/process/increment bits. */
export const DISCORD_EPOCH = 1420070400000n;

export interface SnowflakeGenerator {
  /** A snowflake for `atMs` (defaults to now); strictly increasing for equal timestamps. */
  next(atMs?: number): string;
}

export const createSnowflakeGenerator = (worker = 1, now: () => number = Date.now): SnowflakeGenerator => {
  let increment = 0n;
  let last = 0n;
  return {
    next(atMs?: number): string {
      let ts = BigInt(atMs ?? now()) - DISCORD_EPOCH;
      // Keep ids monotonic even if the clock (or a seeded timestamp) goes backwards.
      if (ts < last) ts = last;
      if (ts === last) increment = (increment + 1n) & 0xfffn;
      else increment = 0n;
      if (ts === last && increment === 0n) ts += 1n;
      last = ts;
      return ((ts << 22n) | (BigInt(worker & 31) << 17n) | (1n << 12n) | increment).toString();
    },
  };
};

export const snowflakeTime = (id: string): number => Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
export const isSnowflake = (value: string): boolean => /^\d{15,21}$/.test(value);
