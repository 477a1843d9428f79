import { InfraError } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';
import type { Logger } from '../logger.js';
import { applyBatch, ProjectionApplyError, touchesReadModel, type BatchOutcome, type BatchTarget } from './batch-applier.js';
import { decodeCommitMessage, openCommits, type DecodedCommit, type RawCommit } from './commit-decoder.js';
import { openAsStored, type OpenEvents } from '../shred/personal-data-store.js';
import { metrics } from '../metrics/metrics.js';
import { startBatchReactor, FatalReactorError, type BatchReactor } from '../reactor/batch-reactor.js';
import type { Projection } from './projection.js';
import { projectionLag, type ProjectionLag } from './projection-lag.js';
import { assertProjectionName, consumerName, liveSchema, lockKey } from './projection-names.js';
import { livePositions, readCheckpoint } from './position-stores.js';
import { notifyReadModel } from './read-model-notifier.js';
import { RunLock } from './run-lock.js';
import { withTransaction } from './transaction.js';

export type ProjectionRunnerOptions = Readonly<{
  nc: NatsConnection;
  pool: Pool;
  /** The EVENTS stream and its subject prefix (`<prefix>.<context>.<streamType>.<id>`). */
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  /** Most commits fetched and applied in one transaction. Default 500. */
  batchSize?: number;
  /** Long-poll length when caught up. Default 5 s. */
  idleWaitMs?: number;
  /** Redelivery timeout of the durable consumer. Default 60 s. */
  ackWaitMs?: number;
  /** Period of the lag log line; 0 disables it. Default 30 s. */
  lagLogIntervalMs?: number;
  /** How often a standby runner retries for leadership. Default 1 s. */
  standbyPollMs?: number;
  /** Pause after a failure before repositioning; doubles while failures repeat, up to 30 s. Default 1 s. */
  retryDelayMs?: number;
  /** Commit decoder; defaults to the JetStream commit format. */
  decode?: (commit: RawCommit, subjectPrefix: string) => DecodedCommit;
  /** Opens the personal fields (the shredding store's `open`); as stored when absent (events without personal data, tests). */
  open?: OpenEvents;
  /**
   * How long the checkpoint may trail batches that hold no event the projection consumes: those
   * are acknowledged without a transaction and their position is written at most this late (or
   * with the next batch that changes the read model, or at stop). Default 250 ms.
   */
  skippedCheckpointMs?: number;
  /** Called after each committed batch (metrics, tests). */
  onBatch?: (outcome: BatchOutcome) => void;
}>;

export type RunnerState = 'created' | 'standby' | 'running' | 'stopped';

/**
 * The live runner of one projection: durable consumer `proj_<name>` over `<prefix>.>`, batches
 * applied to `rm_<name>` in one transaction with the checkpoint, acks after commit, then
 * `rm.<guildId>.<name>` per touched guild. Only one runner per projection applies at a time
 * (session advisory lock); every batch also takes the projection's write lock, which a rebuild's
 * switch takes too, so the two never write at once.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private stateValue: RunnerState = 'created';
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private reactor: BatchReactor | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private readonly log: Logger;
  /** The last position of skipped batches not yet written to the checkpoint (0: none). */
  private unwritten = 0;
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly projection: Projection,
    private readonly opts: ProjectionRunnerOptions,
  ) {
    assertProjectionName(projection.name);
    this.batchSize = opts.batchSize ?? 500;
    this.log = opts.logger.child({ projection: projection.name });
  }

  get name(): string {
    return this.projection.name;
  }

  get state(): RunnerState {
    return this.stateValue;
  }

  /** Starts the loop in the background (waiting for leadership if another runner has it). */
  start(): void {
    if (this.stateValue !== 'created') throw new Error(`runner ${this.name} already started`);
    this.stateValue = 'standby';
    this.loopDone = this.loop();
    const every = this.opts.lagLogIntervalMs ?? 30_000;
    if (every > 0) {
      this.lagTimer = setInterval(() => void this.logLag(), every);
      this.lagTimer.unref();
    }
  }

  /** Finishes the batch being applied, then stops; unacknowledged deliveries are re-read later. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.wake?.();
    await this.reactor?.stop();
    await this.loopDone;
    this.stateValue = 'stopped';
  }

  /** { position: checkpoint, head: stream last_seq, behind }. */
  lag(): Promise<ProjectionLag> {
    return projectionLag(this.opts.nc, this.opts.pool, this.opts.streamName, this.name);
  }

  /** Resolves once the read model includes `position` (read-your-writes for a caller). */
  waitForPosition(position: number, timeoutMs = 10_000): Promise<void> {
    return waitForCheckpoint(this.opts.pool, this.name, position, timeoutMs);
  }

  private async logLag(): Promise<void> {
    try {
      const lag = await this.lag();
      metrics.projectionLag(this.name, lag.behind);
      this.log.info({ ...lag, state: this.stateValue }, `projection ${this.name}: position ${lag.position}, head ${lag.head}, behind ${lag.behind}`);
    } catch (e) {
      this.log.warn({ err: e }, `projection ${this.name}: lag unavailable`);
    }
  }

  private async loop(): Promise<void> {
    const firstDelay = this.opts.retryDelayMs ?? 1_000;
    let delay = firstDelay;
    while (!this.stopping) {
      let lock: RunLock | undefined;
      try {
        lock = await RunLock.acquire(
          this.opts.pool,
          this.name,
          this.opts.standbyPollMs ?? 1_000,
          () => this.stopping,
          () => this.log.info(`projection ${this.name}: another runner is active; standing by`),
        );
        if (!lock) break;
        await this.lead(lock, () => {
          delay = firstDelay;
        });
      } catch (e) {
        if (this.stopping) break;
        this.log.error({ err: e, retryInMs: delay }, `projection ${this.name}: runner failed, repositioning from the checkpoint`);
        await this.pause(delay);
        delay = Math.min(delay * 2, 30_000);
      } finally {
        this.stateValue = this.stopping ? 'stopped' : 'standby';
        await lock?.release();
      }
    }
  }

  /** Applies batches while leader, on the batch reactor, until stopped or the lock is lost. */
  private async lead(lock: RunLock, onProgress: () => void): Promise<void> {
    if (this.stopping) return;
    const { nc, pool, streamName, subjectPrefix } = this.opts;
    const decode = this.opts.decode ?? decodeCommitMessage;
    const reactor = startBatchReactor<DecodedCommit>({
      nc,
      logger: this.log,
      name: consumerName(this.name),
      stream: streamName,
      filterSubject: `${subjectPrefix}.>`,
      // Decoding rides on the fetch, so it overlaps the previous batch's transaction.
      decode: (m) => ({ ok: true, value: decode(m, subjectPrefix) }),
      startAt: async () => (await readCheckpoint(pool, this.name)) + 1,
      onAttached: (startSeq) => {
        this.stateValue = 'running';
        this.log.info({ position: startSeq - 1 }, `projection ${this.name}: running from position ${startSeq - 1}`);
      },
      handleBatch: async (batch, pending) => {
        if (lock.lost) throw new FatalReactorError(`projection ${this.name}: lost its run lock`);
        const startedAt = performance.now();
        await this.commit(batch.flatMap((d) => (d.decoded.ok ? [d.decoded.value] : [])));
        metrics.projectionBatch(this.name, (performance.now() - startedAt) / 1000, pending);
        onProgress();
      },
      batchSize: this.batchSize,
      idleWaitMs: this.opts.idleWaitMs ?? 5_000,
      ackWaitMs: this.opts.ackWaitMs ?? 60_000,
      ...(this.opts.retryDelayMs !== undefined ? { retryDelayMs: this.opts.retryDelayMs } : {}),
    });
    this.reactor = reactor;
    if (this.stopping) await reactor.stop();
    try {
      await reactor.done;
    } finally {
      this.reactor = undefined;
      // Still leader: what was skipped last is checkpointed now rather than read again at the next start.
      await this.writeSkipped().catch((e: unknown) => this.log.warn({ err: e }, `projection ${this.name}: skipped position not checkpointed`));
    }
  }

  /**
   * A batch the projection has nothing to do with costs no transaction: on a stream where most
   * commits are for other read models, a transaction (lock, checkpoint read and write, commit)
   * per runner per commit would queue the batches that matter behind those that do not, and load
   * PostgreSQL for nothing. The position is written a little later instead; were the process to
   * die meanwhile, those commits are delivered again from the checkpoint and skipped again.
   */
  private async commit(stored: readonly DecodedCommit[]): Promise<void> {
    if (!touchesReadModel(this.projection, stored)) {
      this.unwritten = Math.max(this.unwritten, stored.at(-1)?.seq ?? 0);
      this.checkpointTimer ??= setTimeout(() => {
        this.checkpointTimer = undefined;
        void this.writeSkipped().catch((e: unknown) => this.log.warn({ err: e }, `projection ${this.name}: skipped position not checkpointed; retried with the next batch`));
      }, this.opts.skippedCheckpointMs ?? 250);
      this.checkpointTimer.unref();
      return;
    }
    // This batch's transaction writes its last position, which covers the skipped ones before it.
    this.unwritten = 0;
    // Opening (a key lookup, decryption) overlaps taking a connection and beginning the transaction.
    const opened = openCommits(stored, this.opts.open ?? openAsStored);
    opened.catch(() => undefined);
    const run = (isolate: boolean) => this.applyLive(opened, isolate);
    let outcome: BatchOutcome;
    try {
      outcome = await run(false);
    } catch (e) {
      if (!(e instanceof ProjectionApplyError)) throw e;
      this.log.warn({ err: e }, `projection ${this.name}: batch failed on its data; applying it commit by commit`);
      outcome = await run(true);
    }
    if (outcome.guilds.size > 0) notifyReadModel(this.opts.nc, this.name, outcome.guilds, outcome.position, this.log);
    this.opts.onBatch?.(outcome);
  }

  /**
   * Moves the checkpoint to the last skipped position, under the write lock like any batch. It
   * only ever moves forward (applyBatch skips a position at or below the stored one), so it is
   * safe beside a batch's transaction or after a rebuild's switch: every commit up to it is
   * applied or holds nothing for this read model.
   */
  private async writeSkipped(): Promise<void> {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    const at = this.unwritten;
    if (at === 0) return;
    await this.applyLive([{ ok: true, seq: at, events: [] }], false);
    if (this.unwritten === at) this.unwritten = 0;
  }

  /**
   * Applies commits to the live schema with its checkpoint, in one transaction under the
   * projection's write lock. It commits without waiting for the WAL flush (a few ms per batch, tens
   * under load, on the path of every live change): a database crash can lose only the last
   * transactions whole, rows and checkpoint together, and the runner, repositioning from the
   * checkpoint it finds, applies those commits again. The read model is never wrong, at worst a
   * moment behind what a reader already saw.
   */
  private applyLive(commits: readonly DecodedCommit[] | Promise<readonly DecodedCommit[]>, isolate: boolean): Promise<BatchOutcome> {
    const target: BatchTarget = { projection: this.projection, schemaName: liveSchema(this.name), positions: livePositions(this.name) };
    const write = lockKey('write', this.name);
    return withTransaction(
      this.opts.pool,
      async (client) => applyBatch(client, target, await commits, this.log, isolate),
      `SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(${write[0]}, ${write[1]})`,
    );
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

/** Polls the live checkpoint until it reaches `position`; PROJECTION_TIMEOUT otherwise. */
export const waitForCheckpoint = async (pool: Pool, name: string, position: number, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const at = await readCheckpoint(pool, name);
    if (at >= position) return;
    if (Date.now() > deadline) {
      throw new InfraError('PROJECTION_TIMEOUT', `projection ${name} is at ${at}, not ${position}, after ${timeoutMs} ms`, { name, at, position });
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
