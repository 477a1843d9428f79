import { stringify } from 'yaml';
import { z } from 'zod';
import type { RuleGroups } from './prometheus.js';

/**
 * `npm run observe`: a local Prometheus (Debian's `prometheus`) that scrapes the services of a
 * running `npm start` on their METRICS_PORTs and loads Guildhall's alerts. The default ports are
 * the ones deploy/metrics-contract.md gives for `npm start` (the sandbox serves no metrics).
 */
export const defaultTargets: Readonly<Record<string, string>> = {
  moderation: '127.0.0.1:9101',
  community: '127.0.0.1:9102',
  messaging: '127.0.0.1:9103',
  projections: '127.0.0.1:9104',
  http: '127.0.0.1:9105',
  bot: '127.0.0.1:9106',
};

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const targetList = z
  .string()
  .regex(/^[a-z][a-z0-9-]*=[A-Za-z0-9.-]+:\d{1,5}(,[a-z][a-z0-9-]*=[A-Za-z0-9.-]+:\d{1,5})*$/, 'must be a comma-separated list of <service>=<host>:<port>, e.g. http=127.0.0.1:9105,bot=127.0.0.1:9106')
  .transform((v) => Object.fromEntries(v.split(',').map((pair) => pair.split('=') as [string, string])));

export const ObserveSettingsSchema = z.object({
  /** Where the local Prometheus serves its UI and API. */
  OBSERVE_PORT: z.coerce.number().int().min(1).max(65_535).default(9090),
  /** Replace the default targets: `<service>=<host>:<port>,...` (the job label is the service). */
  OBSERVE_TARGETS: targetList.optional(),
  /** Its configuration and data go under `$GUILDHALL_DATA_DIR/observe`. */
  GUILDHALL_DATA_DIR: z.string().min(1).default('/var/tmp/guildhall'),
  OBSERVE_SCRAPE_INTERVAL: z.string().regex(/^\d+(ms|s|m)$/, 'must be a Prometheus duration such as 5s').default('5s'),
});
export type ObserveSettings = z.infer<typeof ObserveSettingsSchema>;

export const loadObserveSettings = (env: NodeJS.ProcessEnv): ObserveSettings => {
  const r = ObserveSettingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!r.success) throw new Error(`INVALID_SETTINGS:\n  ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  return r.data;
};

/** prometheus.yml: one job per service (job = service name, as the alerts expect), the rules file. */
export const prometheusConfig = (settings: ObserveSettings, rulesFile: string): string => {
  const targets = settings.OBSERVE_TARGETS ?? defaultTargets;
  for (const t of Object.values(targets)) if (!hostPort.test(t)) throw new Error(`OBSERVE_TARGETS: ${t} is not host:port`);
  return stringify({
    global: { scrape_interval: settings.OBSERVE_SCRAPE_INTERVAL, evaluation_interval: settings.OBSERVE_SCRAPE_INTERVAL },
    rule_files: [rulesFile],
    scrape_configs: Object.entries(targets).map(([service, target]) => ({
      job_name: service,
      metrics_path: '/metrics',
      static_configs: [{ targets: [target], labels: { service } }],
    })),
  });
};

export const rulesFileText = (groups: RuleGroups): string => stringify(groups);
