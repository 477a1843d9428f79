/**
 * `npm run rebuild -- <name|all>` (or `npx tsx projections/src/rebuild-cli.ts <name|all>`):
 * replays every event into a fresh `rm_<name>__next` and switches it in, printing a progress
 * line per second and a summary per read model. Live runners keep serving meanwhile.
 */
import { connectNats, createLogger, loadCommonSettings, migrate, rebuildProjection, type RebuildProgress } from '@guildhall/eventing';
import pg from 'pg';
import { allProjections } from './all-projections.js';

const usage = `usage: rebuild-cli <name|all>\n  read models: ${allProjections.map((p) => p.name).join(', ')}`;

const line = (p: RebuildProgress): string => {
  const pct = p.head > 0 ? Math.floor((100 * p.position) / p.head) : 100;
  return `${p.projection}: ${p.phase} ${p.position}/${p.head} (${pct}%), ${p.eventsDone} events, ${p.eventsApplied} applied, ${p.eventsPerSecond} events/s, ${(p.elapsedMs / 1000).toFixed(1)} s\n`;
};

const main = async (argv: readonly string[]): Promise<number> => {
  const [name, ...extra] = argv;
  if (!name || extra.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const selected = name === 'all' ? allProjections : allProjections.filter((p) => p.name === name);
  if (selected.length === 0) {
    process.stderr.write(`unknown read model "${name}"\n${usage}\n`);
    return 2;
  }
  let settings;
  try {
    settings = loadCommonSettings();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  // Progress goes to stdout as lines; the library's own logs only when something is wrong.
  const logger = createLogger('rebuild', process.env.LOG_LEVEL ?? 'warn');
  const pool = new pg.Pool({ connectionString: settings.DATABASE_URL, application_name: 'projections-rebuild' });
  const nc = await connectNats(settings.NATS_URL, 'projections-rebuild', logger);
  try {
    await migrate(pool, allProjections, logger);
    for (const p of selected) {
      const result = await rebuildProjection(p, {
        nc,
        pool,
        streamName: settings.EVENTS_STREAM,
        subjectPrefix: settings.EVENTS_SUBJECT_PREFIX,
        logger,
        onProgress: (progress) => process.stdout.write(line(progress)),
      });
      process.stdout.write(
        `${p.name}: rebuilt at position ${result.position}: ${result.events} events read, ${result.eventsApplied} applied, ` +
          `${result.deadLetters} dead letters, ${(result.elapsedMs / 1000).toFixed(1)} s\n`,
      );
    }
    return 0;
  } catch (e) {
    process.stderr.write(`rebuild failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await nc.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
};

process.exitCode = await main(process.argv.slice(2));
