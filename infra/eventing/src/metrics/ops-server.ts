import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { metrics, registry } from './metrics.js';

/** One readiness check: resolves when the dependency answers, throws (or rejects) when it does not. */
export type ReadinessCheck = () => Promise<unknown> | unknown;
export type ReadinessChecks = Readonly<Record<string, ReadinessCheck>>;

export type CheckResult = Readonly<{ ok: boolean; error?: string }>;

const CHECK_TIMEOUT_MS = 2_000;

const runCheck = async (check: ReadinessCheck): Promise<CheckResult> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(check),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
};

/** Runs every check (each with a 2 s limit) and records `guildhall_dependency_up` for each. */
export const checkDependencies = async (checks: ReadinessChecks): Promise<Record<string, CheckResult>> => {
  const names = Object.keys(checks);
  const results = await Promise.all(Object.values(checks).map(runCheck));
  names.forEach((n, i) => metrics.dependencyUp(n, results[i]!.ok));
  return Object.fromEntries(names.map((n, i) => [n, results[i]!]));
};

export type OpsState = {
  /** Null while the service starts; its checks once it serves; `stopping` once SIGTERM came. */
  checks: ReadinessChecks | null;
  stopping: boolean;
};

/** `/healthz` (the process serves), `/readyz` (its dependencies answer), `/metrics` (Prometheus text). */
export const opsApp = (service: string, state: OpsState): Hono => {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok', service }));
  app.get('/readyz', async (c) => {
    if (state.stopping) return c.json({ status: 'stopping', service, checks: {} }, 503);
    if (!state.checks) return c.json({ status: 'starting', service, checks: {} }, 503);
    const checks = await checkDependencies(state.checks);
    const ready = Object.values(checks).every((r) => r.ok);
    return c.json({ status: ready ? 'ready' : 'not_ready', service, checks }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'content-type': registry.contentType }));
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'ops routes: /healthz, /readyz, /metrics' } }, 404));
  return app;
};

export type OpsServer = Readonly<{ port: number; url: string; close(): Promise<void> }>;

/** Listens on `port` (0 = any free port) on every interface, so a kubelet or Prometheus can reach it. */
export const startOpsServer = async (service: string, port: number, state: OpsState, hostname = '0.0.0.0'): Promise<OpsServer> => {
  const app = opsApp(service, state);
  const server: ServerType = await new Promise((ready, fail) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => ready(s));
    s.once('error', fail);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://localhost:${bound}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
};
