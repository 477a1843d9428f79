import type { MiddlewareHandler } from 'hono';
import { metrics } from './metrics.js';

/**
 * Hono middleware for `guildhall_http_requests_total` and `guildhall_http_request_duration_seconds`.
 * The route label is the matched route pattern (`/api/guilds/:guildId/cases`), never the raw path,
 * so ids do not multiply the series; an unmatched path counts as `*`.
 */
export const httpMetrics = (): MiddlewareHandler => async (c, next) => {
  const startedAt = performance.now();
  try {
    await next();
  } finally {
    metrics.httpRequest(c.req.routePath || '*', c.req.method, c.res.status, (performance.now() - startedAt) / 1000);
  }
};
