/**
 * The projection runner's public API (the Projection interface itself is in projection.ts).
 *
 * To serve a read model: write a `Projection` (name, migrations taking the quoted schema,
 * eventTypes, apply(events, { client, schema })), then at start-up
 *   await ensureDatabase(DATABASE_URL); await migrate(pool, projections, logger);
 *   const runner = new ProjectionRunner(projection, { nc, pool, streamName, subjectPrefix, logger });
 *   runner.start();   // ... await runner.stop() on shutdown
 * Readers query `rm_<name>.<table>` and may listen to `rm.<guildId>.<name>` ({ position }).
 * To rebuild: rebuildProjection(projection, { nc, pool, streamName, subjectPrefix, logger, onProgress })
 * or the CLI (runProjectionCli, wired by projections/src/cli.ts).
 */
export { migrate, migrateBookkeeping } from './migrate.js';
export { ensureDatabase } from './database.js';
export { ProjectionRunner, waitForCheckpoint, type ProjectionRunnerOptions, type RunnerState } from './projection-runner.js';
export { rebuildProjection, type RebuildOptions, type RebuildProgress, type RebuildResult } from './rebuild.js';
export { projectionLag, type ProjectionLag } from './projection-lag.js';
export { ReadModelNotificationSchema, type ReadModelNotification } from './read-model-notifier.js';
export { decodeCommitMessage, openCommits, type DecodedCommit, type RawCommit } from './commit-decoder.js';
export { listDeadLetters, type DeadLetterRow } from './dead-letters.js';
export { readCheckpoint } from './position-stores.js';
export type { BatchOutcome } from './batch-applier.js';
export { liveSchema, readModelSubject } from './projection-names.js';
export { runProjectionCli, PROJECTION_CLI_USAGE } from './projection-cli.js';
