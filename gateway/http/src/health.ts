import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from './http/app-env.js';

const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** `/healthz`: the process serves. `/readyz`: and NATS and PostgreSQL answer (503 naming which does not). */
export const registerHealthRoutes = (app: Hono<AppEnv>, deps: AppDeps): void => {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const [nats, postgres] = await Promise.all([
      within(2_000, deps.nc.flush()).then(() => 'ok', (e: Error) => `down: ${e.message}`),
      within(2_000, deps.pool.query('SELECT 1')).then(() => 'ok', (e: Error) => `down: ${e.message}`),
    ]);
    const ready = nats === 'ok' && postgres === 'ok' && !deps.nc.isClosed();
    return c.json({ status: ready ? 'ready' : 'not ready', checks: { nats: deps.nc.isClosed() ? 'down: connection closed' : nats, postgres } }, ready ? 200 : 503);
  });
};
