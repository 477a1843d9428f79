import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@guildhall/eventing';
import { loadObserveSettings, prometheusConfig, rulesFileText } from './observe.js';
import { loadRuleGroups } from './prometheus.js';

const logger = createLogger('observe');
const settings = (() => {
  try {
    return loadObserveSettings(process.env);
  } catch (e) {
    logger.fatal((e as Error).message);
    process.exit(1);
  }
})();

const dir = join(settings.GUILDHALL_DATA_DIR, 'observe');
await mkdir(join(dir, 'data'), { recursive: true });
const rules = join(dir, 'guildhall.rules.yml');
await writeFile(rules, rulesFileText(await loadRuleGroups()));
const config = join(dir, 'prometheus.yml');
await writeFile(config, prometheusConfig(settings, rules));

const url = `http://127.0.0.1:${settings.OBSERVE_PORT}`;
const prometheus = spawn(
  'prometheus',
  [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${settings.OBSERVE_PORT}`, '--storage.tsdb.retention.time=2d'],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
prometheus.on('error', (err) => {
  logger.fatal({ err }, 'could not start prometheus: install it (apt-get install prometheus)');
  process.exit(1);
});
logger.info({ config, url }, `Prometheus is scraping the stack: ${url}/targets, alerts at ${url}/alerts (Ctrl-C stops it)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => prometheus.kill('SIGTERM'));
prometheus.on('exit', (code) => process.exit(code ?? 0));
