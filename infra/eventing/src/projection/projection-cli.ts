import pg from 'pg';
import { z } from 'zod';
import { loadCommonSettings } from '../settings.js';
import { createLogger } from '../logger.js';
import { connectNats } from '../nats-connection.js';
import { ensureDatabase } from './database.js';
import { listDeadLetters } from './dead-letters.js';
import { migrate } from './migrate.js';
import type { Projection } from './projection.js';
import { projectionLag } from './projection-lag.js';
import { ProjectionRunner } from './projection-runner.js';
import { rebuildProjection, type RebuildProgress, type RebuildResult } from './rebuild.js';

const progressLine = (p: RebuildProgress): string => {
  const pct = p.head > 0 ? Math.floor((100 * p.position) / p.head) : 100;
  return `${p.projection}: ${p.phase} ${p.position}/${p.head} (${pct}%), ${p.eventsDone} events, ${p.eventsApplied} applied, ${p.eventsPerSecond} events/s, ${(p.elapsedMs / 1000).toFixed(1)} s\n`;
};

const summaryLine = (name: string, r: RebuildResult): string =>
  `${name}: rebuilt at position ${r.position}: ${r.events} events read, ${r.eventsApplied} applied, ` +
  `${r.deadLetters} dead letters, ${r.eventsPerSecond} events/s, ${(r.elapsedMs / 1000).toFixed(1)} s\n`;

export const PROJECTION_CLI_USAGE = `usage: <cli> <command>
  migrate                 create the database if missing, the guildhall schema and every read model's schema
  rebuild <name...|all>   replay all events into rm_<name>__next, then switch it in (progress lines)
  lag [name...]           position, head and how far behind each read model is
  run [name...]           run the live runners (all by default) until SIGINT/SIGTERM
  dead-letters <name>     commits the read model skipped, with the reason
Settings from env: NATS_URL, DATABASE_URL, EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, LOG_LEVEL.`;

const pick = (projections: readonly Projection[], names: readonly string[]): Projection[] => {
  if (names.length === 0 || (names.length === 1 && names[0] === 'all')) return [...projections];
  return names.map((n) => {
    const p = projections.find((x) => x.name === n);
    if (!p) throw new CliError(`unknown projection "${n}"; known: ${projections.map((x) => x.name).join(', ') || '(none)'}`);
    return p;
  });
};

class CliError extends Error {}

const ArgsSchema = z.union([
  z.tuple([z.literal('migrate')]),
  z.tuple([z.literal('rebuild'), z.string()]).rest(z.string()),
  z.tuple([z.literal('dead-letters'), z.string()]),
  z.tuple([z.literal('lag')]).rest(z.string()),
  z.tuple([z.literal('run')]).rest(z.string()),
]);

/**
 * The projections' command line, for whoever registers read models (the projections/ package
 * calls it with its list). Returns the exit code: 0 ok, 1 failure, 2 bad usage.
 */
export const runProjectionCli = async (
  projections: readonly Projection[],
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  const args = ArgsSchema.safeParse(argv);
  if (!args.success) {
    process.stderr.write(`${argv.length ? `bad arguments: ${argv.join(' ')}\n` : ''}${PROJECTION_CLI_USAGE}\n`);
    return 2;
  }
  const settings = loadCommonSettings(env);
  const logger = createLogger('projections', settings.LOG_LEVEL);
  const [command, ...rest] = args.data;
  let pool: pg.Pool | undefined;
  let nc: Awaited<ReturnType<typeof connectNats>> | undefined;
  try {
    const selected = pick(projections, rest);
    if (command === 'migrate') await ensureDatabase(settings.DATABASE_URL, logger);
    pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: `projections-${command}` });
    if (command === 'migrate') {
      await migrate(pool, projections, logger);
      return 0;
    }
    if (command === 'dead-letters') {
      for (const d of await listDeadLetters(pool, selected[0]!.name)) process.stdout.write(`${JSON.stringify(d)}\n`);
      return 0;
    }
    nc = await connectNats(settings.NATS_URL, `projections-${command}`, logger);
    const common = { nc, pool, streamName: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger };
    if (command === 'rebuild') {
      await migrate(pool, selected, logger);
      for (const p of selected) {
        const onProgress = (progress: RebuildProgress) => process.stdout.write(progressLine(progress));
        process.stdout.write(summaryLine(p.name, await rebuildProjection(p, { ...common, onProgress })));
      }
      return 0;
    }
    if (command === 'lag') {
      for (const p of selected) {
        const lag = await projectionLag(nc, pool, settings.EVENTS_STREAM, p.name);
        process.stdout.write(`${JSON.stringify({ projection: p.name, ...lag })}\n`);
      }
      return 0;
    }
    await migrate(pool, selected, logger);
    const runners = selected.map((p) => new ProjectionRunner(p, common));
    for (const r of runners) r.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await Promise.all(runners.map((r) => r.stop()));
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    logger.error({ err: e }, `projections ${command} failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await nc?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
  }
};
