import type { EventEnvelope } from '@guildhall/kernel';
import type { PoolClient } from 'pg';
import type { Logger } from '../logger.js';
import type { DecodedCommit } from './commit-decoder.js';
import { deadLetterInsert, type DeadLetter } from './dead-letters.js';
import type { Projection } from './projection.js';
import { quoteIdent } from './projection-names.js';

/** Where a batch's position is kept: the live checkpoint or the running rebuild's. */
export type PositionStore = Readonly<{
  /** Reads the position inside the transaction, locking its row. */
  read(client: PoolClient): Promise<number>;
  write(client: PoolClient, position: number, eventsApplied: number): Promise<void>;
}>;

export type BatchTarget = Readonly<{
  projection: Projection;
  /** Unquoted schema name: `rm_x` or `rm_x__next`. */
  schemaName: string;
  positions: PositionStore;
}>;

export type BatchOutcome = Readonly<{
  /** The position after the batch (unchanged when every commit was already applied). */
  position: number;
  /** Commits at or below the stored position: a redelivery after a crash, skipped. */
  alreadyApplied: number;
  eventsRead: number;
  eventsApplied: number;
  deadLetters: number;
  /** Guilds whose read model changed. */
  guilds: ReadonlySet<string>;
}>;

/** A projection failed on a batch for a reason that belongs to the data, not the database. */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';
}

export const wantedFilter = (p: Projection): ((e: EventEnvelope) => boolean) => {
  if (p.eventTypes === 'all') return () => true;
  const types = new Set(p.eventTypes);
  return (e) => types.has(e.type);
};

/**
 * Whether a batch needs a transaction of its own: some commit holds an event the projection
 * consumes, or is malformed (a dead letter to record). Otherwise only the position moves.
 */
export const touchesReadModel = (p: Projection, commits: readonly DecodedCommit[]): boolean => {
  const wanted = wantedFilter(p);
  return commits.some((c) => !c.ok || c.events.some(wanted));
};

/**
 * Applies decoded commits inside the caller's open transaction, together with the position.
 * Commits at or below the stored position are skipped (so a redelivery is never applied twice);
 * malformed ones are dead-lettered. With `isolate`, each commit runs under its own savepoint and
 * a commit the projection throws on is dead-lettered instead of failing the batch: the runner
 * uses it on a second pass after a batch failed with a data error.
 */
export const applyBatch = async (
  client: PoolClient,
  target: BatchTarget,
  commits: readonly DecodedCommit[],
  logger: Logger,
  isolate = false,
): Promise<BatchOutcome> => {
  const { projection, schemaName, positions } = target;
  const stored = await positions.read(client);
  const wanted = wantedFilter(projection);
  const ctx = { client, schema: quoteIdent(schemaName) };
  let position = stored;
  let alreadyApplied = 0;
  let eventsRead = 0;
  const deadLetters: DeadLetter[] = [];
  const groups: EventEnvelope[][] = [];
  for (const c of commits) {
    if (c.seq <= position) {
      alreadyApplied++;
      continue;
    }
    position = c.seq;
    if (!c.ok) {
      deadLetters.push({ position: c.seq, subject: c.subject, reason: c.reason, raw: c.raw });
      continue;
    }
    eventsRead += c.events.length;
    const events = c.events.filter(wanted);
    if (events.length > 0) groups.push(events);
  }
  const applied: EventEnvelope[] = [];
  if (!isolate) {
    const events = groups.length === 1 ? groups[0]! : groups.flat();
    if (events.length > 0) await runApply(projection, events, ctx);
    applied.push(...events);
  } else {
    for (const events of groups) {
      await client.query('SAVEPOINT commit_apply');
      try {
        await runApply(projection, events, ctx);
        await client.query('RELEASE SAVEPOINT commit_apply');
        applied.push(...events);
      } catch (e) {
        if (!(e instanceof ProjectionApplyError)) throw e;
        await client.query('ROLLBACK TO SAVEPOINT commit_apply');
        const first = events[0]!;
        deadLetters.push({
          position: first.position,
          subject: first.streamId,
          reason: `apply failed: ${e.message}`,
          raw: Buffer.from(JSON.stringify(events)),
        });
      }
    }
  }
  for (const d of deadLetters) {
    logger.error(
      { projection: projection.name, position: d.position, subject: d.subject, reason: d.reason },
      `projection ${projection.name}: commit ${d.position} dead-lettered and skipped: ${d.reason}`,
    );
  }
  if (deadLetters.length > 0) await deadLetterInsert(client, projection.name, deadLetters);
  if (position !== stored) await positions.write(client, position, applied.length);
  const guilds = new Set<string>();
  for (const e of applied) guilds.add(e.guildId);
  return { position, alreadyApplied, eventsRead, eventsApplied: applied.length, deadLetters: deadLetters.length, guilds };
};

/**
 * Errors from the database's side (connection lost, deadlock, a missing table after a bad
 * deploy) are retried: skipping events for them would corrupt the read model silently. Errors
 * about the data (a projection's own validation, PostgreSQL data and constraint errors, classes
 * 22 and 23) are the commit's fault and make it a dead letter.
 */
const isDataError = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('22') || code.startsWith('23');
  return !(e instanceof Error && /connection|terminat|ECONN|socket|timeout/i.test(e.message));
};

const runApply = async (
  projection: Projection,
  events: readonly EventEnvelope[],
  ctx: Parameters<Projection['apply']>[1],
): Promise<void> => {
  try {
    await projection.apply(events, ctx);
  } catch (e) {
    if (isDataError(e)) throw new ProjectionApplyError((e as Error)?.message ?? String(e), { cause: e });
    throw e;
  }
};
