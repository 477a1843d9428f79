import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, ensureDatabase, loadCommonSettings } from '@guildhall/eventing';
import { services } from './services.js';
import { metricsPortOf, Supervisor, type RunMode } from './supervisor.js';

/**
 * `npm start`: NATS + PostgreSQL up, database and migrations in place, then every service. Run from
 * its build (`infra/dev/dist/main.js`, what `npm start` does after `npm run build`) it starts each
 * service from its build with plain Node; run from source (`npm run start:source`) it uses tsx.
 */
const here = fileURLToPath(import.meta.url);
const root = resolve(dirname(here), '../../..');
const mode: RunMode = /[\\/]dist[\\/]/.test(here) ? 'built' : 'source';
const logger = createLogger('dev');

const fail = (message: string): never => {
  logger.fatal(message);
  process.exit(1);
};

const ensured = spawnSync('bash', [resolve(root, 'infra/dev/scripts/ensure-services.sh')], { stdio: 'inherit' });
if (ensured.status !== 0) fail('could not start NATS and PostgreSQL (see above)');

const settings = (() => {
  try {
    return loadCommonSettings();
  } catch (e) {
    return fail((e as Error).message);
  }
})();
await ensureDatabase(settings.DATABASE_URL, logger);

// The dashboard gateway/http serves is ui/dist: build it once when it is missing (vite, a few seconds).
if (!existsSync(resolve(root, 'ui/dist/index.html'))) {
  logger.info('building the dashboard (ui/dist is missing)');
  const vite = resolve(root, 'node_modules/vite/bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: resolve(root, 'ui'), stdio: 'inherit' });
  if (built.status !== 0) fail('could not build the dashboard (see above; npm run build -w @guildhall/ui)');
}

const supervisor = new Supervisor(root, process.env, logger, mode);
const shutdown = async (signal: string) => {
  logger.info({ signal }, 'stopping');
  await supervisor.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

for (const spec of services) {
  if (spec.skip?.(process.env)) continue;
  await supervisor.start(spec);
  logger.info({ child: spec.name }, 'service ready');
}
const dashboard = `http://localhost:${process.env.PORT ?? 8080}`;
const sandbox = process.env.DISCORD_TOKEN ? undefined : `http://localhost:${process.env.SANDBOX_PORT ?? 8081}`;
const metrics = Object.fromEntries(
  services.filter((s) => s.opsServer && !s.skip?.(process.env)).map((s) => [s.name, `http://localhost:${metricsPortOf(s, process.env)}/metrics`]),
);
logger.info({ dashboard, sandbox, nats: settings.NATS_URL, database: settings.DATABASE_URL, metrics, mode }, 'Guildhall ready');
// Plain lines for the person at the terminal, among the JSON.
process.stdout.write(
  `\nGuildhall is ready: dashboard ${dashboard}` +
    (sandbox ? ` (demo login: pick a moderator such as Fuzzy River), Discord sandbox ${sandbox}` : '') +
    '. Ctrl-C stops everything.\n' +
    'Metrics (/healthz and /readyz beside each):\n' +
    Object.entries(metrics)
      .map(([name, url]) => `  ${name.padEnd(12)} ${url}\n`)
      .join('') +
    '\n',
);
