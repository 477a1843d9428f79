import type { EventEnvelope } from '@guildhall/kernel';
import type { PoolClient } from 'pg';

/**
 * What a projection's code sees while it runs: the open transaction (the runner commits it
 * together with the checkpoint) and the schema its tables live in. The live schema of
 * projection `x` is `rm_x`; a rebuild fills `rm_x__next` and swaps it in, so projection code
 * must always use `ctx.schema`, never a hard-coded name.
 */
export type ProjectionContext = Readonly<{
  client: PoolClient;
  /** A safe, already-quoted schema identifier to interpolate into SQL: `${ctx.schema}.cases`. */
  schema: string;
}>;

export interface Projection {
  /** [a-z][a-z0-9_]*: the read model's name, used in `rm_<name>` and `rm.<guildId>.<name>`. */
  readonly name: string;
  /** Ordered DDL; each entry is run once per schema, in order, inside a transaction. */
  readonly migrations: readonly ((schema: string) => string)[];
  /** Event types it consumes; other events are skipped (but still checkpointed). */
  readonly eventTypes: readonly string[] | 'all';
  /**
   * Applies a batch in order, inside the runner's transaction. Must be deterministic, and give
   * the same rows however the events are split into batches (live batches and a rebuild's
   * differ). Throwing on an event's data dead-letters its commit; database errors are retried.
   */
  apply(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void>;
}
