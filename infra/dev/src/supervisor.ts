import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '@guildhall/eventing';
import { builtEntry, type ServiceSpec } from './services.js';

/** `built`: `node <dir>/dist/main.js` (after `npm run build`); `source`: `node --import tsx <entry>`. */
export type RunMode = 'built' | 'source';

/** The node arguments that run a service in a mode. */
export const nodeArgsOf = (spec: Pick<ServiceSpec, 'dir' | 'entry'>, mode: RunMode): string[] =>
  mode === 'built' ? [builtEntry(spec)] : ['--import', 'tsx', spec.entry];

/**
 * A service's ops port under the launcher: its default (9101..), moved by `METRICS_PORT_BASE` (default 9100)
 * so a second stack on one host (a bench, a test) can sit beside the demo; 0 spec ports stay 0 (any free port).
 */
export const metricsPortOf = (spec: Pick<ServiceSpec, 'metricsPort'>, env: NodeJS.ProcessEnv): number => {
  const base = Number(env.METRICS_PORT_BASE ?? 9100);
  return spec.metricsPort === 0 || !Number.isInteger(base) ? spec.metricsPort : base + (spec.metricsPort - 9100);
};

/**
 * V8 flags for each service under the launcher (`SERVICE_NODE_FLAGS`, space-separated). The default keeps
 * the young generation small (`--max-semi-space-size=1`, in MiB): an idle demo service then holds a few
 * MiB less; `SERVICE_NODE_FLAGS=` (empty) runs Node's defaults.
 */
export const serviceNodeFlags = (env: NodeJS.ProcessEnv): string[] =>
  (env.SERVICE_NODE_FLAGS ?? '--max-semi-space-size=1').split(/\s+/).filter(Boolean);

type Running = { spec: ServiceSpec; child: ChildProcess; ready: boolean; restarts: number };

/**
 * Runs each service as a child process (plain Node on its build, or Node + tsx on its source), forwards its JSON log lines, notices its `ready`
 * line, and restarts it with backoff if it dies, so one crash does not take the demo down.
 */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
    private readonly mode: RunMode = 'source',
  ) {}

  start(spec: ServiceSpec, restarts = 0): Promise<void> {
    return new Promise((resolveReady) => {
      const child = spawn(process.execPath, [...serviceNodeFlags(this.env), ...nodeArgsOf(spec, this.mode)], {
        cwd: this.root,
        // Each service gets its own ops port (`/healthz`, `/readyz`, `/metrics`); one shared METRICS_PORT would clash.
        env: { ...this.env, METRICS_PORT: String(metricsPortOf(spec, this.env)) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const entry: Running = { spec, child, ready: false, restarts };
      this.running.set(spec.name, entry);
      const onLine = (line: string) => {
        process.stdout.write(`[${spec.name}] ${line}\n`);
        if (!entry.ready && /"msg":"ready"/.test(line)) {
          entry.ready = true;
          resolveReady();
        }
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      child.on('exit', (code, signal) => {
        if (this.stopping) return;
        const delay = Math.min(30_000, 500 * 2 ** entry.restarts);
        this.logger.error({ child: spec.name, code, signal, restartInMs: delay }, 'service exited; restarting');
        setTimeout(() => void this.start(spec, entry.restarts + 1).then(resolveReady), delay);
      });
    });
  }

  /** What runs now: for the launcher's ready report and for tests. */
  status(): { name: string; ready: boolean; restarts: number; pid: number | undefined }[] {
    return [...this.running.values()].map(({ spec, ready, restarts, child }) => ({
      name: spec.name,
      ready,
      restarts,
      pid: child.pid,
    }));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.running.values()].map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  }
}
