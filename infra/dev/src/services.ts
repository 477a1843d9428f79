import { defaultMetricsPorts } from '@guildhall/eventing';

/** The processes `npm start` runs, in start order. Each logs `ready` (pino JSON) once it serves. */
export type ServiceSpec = Readonly<{
  name: string;
  /** The package folder, relative to the repository root; its build is `<dir>/dist/main.js`. */
  dir: string;
  /** Entry file, relative to the repository root (TypeScript, run with tsx from source). */
  entry: string;
  /** Its `/healthz`, `/readyz`, `/metrics` port when the launcher runs it (`METRICS_PORT`). */
  metricsPort: number;
  /** Whether it serves that port (every service on `runService`; the sandbox, a stand-in for Discord, does not). */
  opsServer: boolean;
  /** Skip the service under these settings (e.g. the sandbox when a real Discord token is set). */
  skip?: (env: NodeJS.ProcessEnv) => boolean;
}>;

/** A service on `runService`, whose default ops port (`defaultMetricsPorts`) the launcher passes on. */
const service = (name: string, dir: string, shellName: string): ServiceSpec => ({
  name,
  dir,
  entry: `${dir}/src/main.ts`,
  metricsPort: defaultMetricsPorts[shellName] ?? 9100,
  opsServer: true,
});

export const services: readonly ServiceSpec[] = [
  { name: 'sandbox', dir: 'infra/discord-sandbox', entry: 'infra/discord-sandbox/src/main.ts', metricsPort: 9108, opsServer: false, skip: (env) => !!env.DISCORD_TOKEN },
  // A stand-in for an SMTP server: catches every email (SMTP 2525) and lists them on http://localhost:8025.
  { name: 'mail-catcher', dir: 'infra/mail-catcher', entry: 'infra/mail-catcher/src/main.ts', metricsPort: 9113, opsServer: false, skip: (env) => !!env.SMTP_URL },
  service('moderation', 'bounded-contexts/moderation', 'moderation'),
  service('community', 'bounded-contexts/community', 'community'),
  service('messaging', 'bounded-contexts/messaging', 'messaging'),
  service('music', 'bounded-contexts/music', 'music'),
  service('automation', 'bounded-contexts/automation', 'automation'),
  service('appeals', 'bounded-contexts/appeals', 'appeals'),
  service('projections', 'projections', 'projections'),
  service('audit', 'infra/audit', 'audit'),
  service('http', 'gateway/http', 'gateway-http'),
  service('bot', 'gateway/discord', 'discord-bot'),
  service('notifier', 'gateway/notifier', 'notifier'),
];

/** Where `npm run build` writes a service (same depth as `src/`, so paths relative to a module still hold). */
export const builtEntry = (spec: Pick<ServiceSpec, 'dir'>): string => `${spec.dir}/dist/main.js`;
