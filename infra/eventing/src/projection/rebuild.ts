import { InfraError } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../logger.js';
import { applyBatch, ProjectionApplyError, type BatchOutcome, type BatchTarget } from './batch-applier.js';
import { decodeCommitMessage, openCommits, type DecodedCommit, type RawCommit } from './commit-decoder.js';
import { openAsStored, type OpenEvents } from '../shred/personal-data-store.js';
import { migrateBookkeeping, migrateSchema } from './migrate.js';
import type { Projection } from './projection.js';
import { streamHead } from './projection-lag.js';
import { assertProjectionName, liveSchema, lockKey, nextSchema, oldSchema, quoteIdent } from './projection-names.js';
import { rebuildPositions } from './position-stores.js';
import { ReplayCommitReader } from './replay-commit-reader.js';
import { withTransaction } from './transaction.js';

export type RebuildProgress = Readonly<{
  projection: string;
  phase: 'replay' | 'switch' | 'done';
  /** Stream sequence reached, and the stream's head when last looked at. */
  position: number;
  head: number;
  /** Events decoded so far, and those the projection consumed. */
  eventsDone: number;
  eventsApplied: number;
  eventsPerSecond: number;
  elapsedMs: number;
}>;

export type RebuildResult = Readonly<{
  position: number;
  events: number;
  eventsApplied: number;
  deadLetters: number;
  elapsedMs: number;
  eventsPerSecond: number;
}>;

export type RebuildOptions = Readonly<{
  nc: NatsConnection;
  pool: Pool;
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  /** Commits per fetch and per transaction. Default 5000. */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Period of progress callbacks and log lines. Default 1 s. */
  progressIntervalMs?: number;
  decode?: (commit: RawCommit, subjectPrefix: string) => DecodedCommit;
  /** Opens the personal fields, as the live runner does (so a rebuild after "forget me" reads them erased). */
  open?: OpenEvents;
}>;

/**
 * Rebuilds a read model from position 0 into a fresh schema `rm_<name>__next`, then swaps it in:
 * under the projection's write lock (so no live batch runs meanwhile, in any process) it catches
 * up to the stream head, renames the schemas, drops the old one and sets the live checkpoint to
 * the rebuild's position, in one transaction. A live runner blocked on the lock then continues
 * from that checkpoint against the new schema. Readers of `rm_<name>` are served throughout.
 */
export const rebuildProjection = async (projection: Projection, opts: RebuildOptions): Promise<RebuildResult> => {
  const { name } = projection;
  assertProjectionName(name);
  const log = opts.logger.child({ projection: name, rebuild: true });
  const batchSize = opts.batchSize ?? 5_000;
  const decode = opts.decode ?? decodeCommitMessage;
  const open = opts.open ?? openAsStored;
  await migrateBookkeeping(opts.pool);
  const guard = await takeRebuildLock(opts.pool, name);
  const started = Date.now();
  const target: BatchTarget = { projection, schemaName: nextSchema(name), positions: rebuildPositions(name) };
  const totals = { events: 0, applied: 0, deadLetters: 0, position: 0 };
  let head = await streamHead(opts.nc, opts.streamName);
  let reader: ReplayCommitReader | undefined;
  const progress = (phase: RebuildProgress['phase']): RebuildProgress => {
    const elapsedMs = Date.now() - started;
    return {
      projection: name,
      phase,
      position: totals.position,
      head: Math.max(head, totals.position),
      eventsDone: totals.events,
      eventsApplied: totals.applied,
      eventsPerSecond: elapsedMs > 0 ? Math.round((totals.events * 1000) / elapsedMs) : 0,
      elapsedMs,
    };
  };
  const report = (p: RebuildProgress) => {
    log.info(p, `rebuild ${name}: ${p.phase} ${p.position}/${p.head} commits, ${p.eventsDone} events, ${p.eventsPerSecond} events/s`);
    opts.onProgress?.(p);
  };
  const add = (o: BatchOutcome) => {
    totals.events += o.eventsRead;
    totals.applied += o.eventsApplied;
    totals.deadLetters += o.deadLetters;
    totals.position = o.position;
  };
  try {
    await withTransaction(opts.pool, async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(nextSchema(name))} CASCADE`);
      await client.query('DELETE FROM guildhall.projection_migrations WHERE schema_name = $1', [nextSchema(name)]);
      await migrateSchema(client, projection, nextSchema(name), log);
      await client.query(
        `INSERT INTO guildhall.projection_rebuilds (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET position = 0, events_applied = 0, started_at = now(), updated_at = now()`,
        [name],
      );
    });
    log.info({ head }, `rebuild ${name}: replaying ${head} commits into ${nextSchema(name)}`);
    const replay = await ReplayCommitReader.open(
      { nc: opts.nc, streamName: opts.streamName, filterSubject: `${opts.subjectPrefix}.>`, batchSize },
      0,
    );
    reader = replay;
    const every = opts.progressIntervalMs ?? 1_000;
    let lastReport = Date.now();
    // Fetching the next batch overlaps applying this one. The replayed schema is disposable until
    // the switch, so its batches commit without waiting for the WAL flush (the switch does wait).
    // Replays up to the head seen at the start, then up to the head seen at the end of that
    // round (appends made meanwhile), a few times at most: the switch catches up the rest.
    let upTo = head;
    for (let round = 0; round < 5; round++) {
      // Decoding rides on the fetch, so it too overlaps the previous batch's database work.
      const fetchDecoded = () => replay.nextBatch(upTo).then((b) => openCommits(b.map((c) => decode(c, opts.subjectPrefix)), open));
      let next = fetchDecoded();
      for (;;) {
        const decoded = await next;
        if (decoded.length === 0) break;
        next = fetchDecoded();
        next.catch(() => undefined);
        add(
          await applyWithIsolation(log, (isolate) =>
            withTransaction(opts.pool, (client) => applyBatch(client, target, decoded, log, isolate), 'SET LOCAL synchronous_commit = off'),
          ),
        );
        if (Date.now() - lastReport >= every) {
          lastReport = Date.now();
          report(progress('replay'));
        }
      }
      head = await streamHead(opts.nc, opts.streamName);
      if (head - replay.position <= batchSize) break;
      upTo = head;
    }
    report(progress('switch'));
    const live = await switchOver(opts, projection, replay, target, decode, log, add);
    head = Math.max(head, totals.position);
    const done = progress('done');
    report(done);
    if (live.replaced > totals.position) {
      log.warn(live, `rebuild ${name}: the live checkpoint was beyond the stream head (stream reset?)`);
    }
    return {
      position: totals.position,
      events: totals.events,
      eventsApplied: totals.applied,
      deadLetters: totals.deadLetters,
      elapsedMs: done.elapsedMs,
      eventsPerSecond: done.eventsPerSecond,
    };
  } finally {
    await reader?.close();
    await guard.end().catch(() => undefined);
  }
};

/** One rebuild per projection at a time, across processes: fail fast when one is running. */
const takeRebuildLock = async (pool: Pool, name: string): Promise<pg.Client> => {
  const client = new pg.Client(pool.options);
  client.on('error', () => undefined);
  await client.connect();
  const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...lockKey('rebuild', name)]);
  if (!r.rows[0]?.ok) {
    await client.end();
    throw new InfraError('REBUILD_RUNNING', `a rebuild of ${name} is already running`, { name });
  }
  return client;
};

const applyWithIsolation = async (
  log: Logger,
  run: (isolate: boolean) => Promise<BatchOutcome>,
): Promise<BatchOutcome> => {
  try {
    return await run(false);
  } catch (e) {
    if (!(e instanceof ProjectionApplyError)) throw e;
    log.warn({ err: e }, 'rebuild batch failed on its data; applying it commit by commit');
    return run(true);
  }
};

/**
 * The swap, in one transaction under the write lock: catch up to the head (which is at or past
 * the live checkpoint, so nothing the live schema has is missing), rename, drop, move the
 * checkpoint and the migration records.
 */
const switchOver = async (
  opts: RebuildOptions,
  projection: Projection,
  reader: ReplayCommitReader,
  target: BatchTarget,
  decode: (commit: RawCommit, subjectPrefix: string) => DecodedCommit,
  log: Logger,
  add: (o: BatchOutcome) => void,
): Promise<{ replaced: number }> => {
  const { name } = projection;
  const live = liveSchema(name);
  const next = nextSchema(name);
  const old = oldSchema(name);
  // Up to the head as of now: at or past the live checkpoint, since the live runner is blocked.
  const catchUp = async (client: PoolClient, isolate: boolean) => {
    const upTo = await streamHead(opts.nc, opts.streamName);
    for (;;) {
      const batch = await reader.nextBatch(upTo);
      if (batch.length === 0) return;
      const decoded = await openCommits(batch.map((c) => decode(c, opts.subjectPrefix)), opts.open ?? openAsStored);
      await client.query(`SAVEPOINT catch_up`);
      try {
        add(await applyBatch(client, target, decoded, log, isolate));
        await client.query(`RELEASE SAVEPOINT catch_up`);
      } catch (e) {
        if (isolate || !(e instanceof ProjectionApplyError)) throw e;
        await client.query(`ROLLBACK TO SAVEPOINT catch_up`);
        add(await applyBatch(client, target, decoded, log, true));
      }
    }
  };
  return withTransaction(opts.pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...lockKey('write', name)]);
    const liveRow = await client.query<{ position: string }>(
      'SELECT position FROM guildhall.projection_checkpoints WHERE name = $1 FOR UPDATE',
      [name],
    );
    const replaced = liveRow.rows[0] ? Number(liveRow.rows[0].position) : 0;
    await catchUp(client, false);
    const { position, events } = (
      await client.query<{ position: string; events: string }>(
        'SELECT position, events_applied AS events FROM guildhall.projection_rebuilds WHERE name = $1',
        [name],
      )
    ).rows[0] ?? { position: '0', events: '0' };
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [live]);
    if (exists.rowCount) await client.query(`ALTER SCHEMA ${quoteIdent(live)} RENAME TO ${quoteIdent(old)}`);
    await client.query(`ALTER SCHEMA ${quoteIdent(next)} RENAME TO ${quoteIdent(live)}`);
    if (exists.rowCount) await client.query(`DROP SCHEMA ${quoteIdent(old)} CASCADE`);
    await client.query('DELETE FROM guildhall.projection_migrations WHERE schema_name = $1', [live]);
    await client.query('UPDATE guildhall.projection_migrations SET schema_name = $2 WHERE schema_name = $1', [next, live]);
    await client.query(
      `INSERT INTO guildhall.projection_checkpoints (name, position, events_applied) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET position = $2, events_applied = $3, updated_at = now()`,
      [name, position, events],
    );
    await client.query('DELETE FROM guildhall.projection_rebuilds WHERE name = $1', [name]);
    log.info({ from: replaced, to: Number(position) }, `rebuild ${name}: switched ${next} in as ${live} at position ${position}`);
    return { replaced };
  });
};
