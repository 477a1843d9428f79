import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import type { Pool } from 'pg';
import { GATEWAY_SCHEMA } from '../auth/gateway-schema.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';

export type RateLimits = Readonly<{ perMinute: number; commandsPerMinute: number; loginPerMinute: number }>;
export type RateDecision = Readonly<{ allowed: boolean; limit: number; remaining: number; resetSeconds: number }>;

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows counted in PostgreSQL (`gh_http.rate_limits`), so every replica of
 * the API shares them: one upsert per request. Old windows are swept now and then.
 */
export class RateLimiter {
  private hits = 0;

  constructor(
    private readonly pool: Pool,
    readonly limits: RateLimits,
  ) {}

  async hit(key: string, limit: number, now = Date.now()): Promise<RateDecision> {
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const { rows } = await this.pool.query<{ count: number }>(
      `INSERT INTO ${GATEWAY_SCHEMA}.rate_limits (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = ${GATEWAY_SCHEMA}.rate_limits.count + 1 RETURNING count`,
      [key.slice(0, 200), windowStart],
    );
    if (++this.hits % 1_000 === 0) void this.pool.query(`DELETE FROM ${GATEWAY_SCHEMA}.rate_limits WHERE window_start < $1`, [windowStart - WINDOW_MS]).catch(() => undefined);
    const count = rows[0]?.count ?? 1;
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds: Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)) };
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const clientIp = (c: Parameters<typeof getConnInfo>[0]): string => {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
};

/**
 * Per session, per token, or per IP when anonymous; stricter on login (per IP) and on commands
 * (every mutating API call). Answers carry `RateLimit-Limit/Remaining/Reset`; a refusal is 429
 * RATE_LIMITED with `Retry-After`.
 */
export const rateLimit = (deps: Pick<AppDeps, 'rateLimiter'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const path = c.req.path;
    const { limits } = deps.rateLimiter;
    const p = c.var.principal;
    const who = p?.kind === 'session' ? `s:${p.sessionId}` : p?.kind === 'token' ? `t:${p.tokenId}` : `ip:${clientIp(c)}`;
    const [bucket, limit] =
      path === '/auth/login' || path === '/auth/callback'
        ? [`login:ip:${clientIp(c)}`, limits.loginPerMinute]
        : MUTATING.has(c.req.method)
          ? [`cmd:${who}`, limits.commandsPerMinute]
          : [`api:${who}`, limits.perMinute];
    const d = await deps.rateLimiter.hit(bucket, limit);
    c.header('RateLimit-Limit', String(d.limit));
    c.header('RateLimit-Remaining', String(d.remaining));
    c.header('RateLimit-Reset', String(d.resetSeconds));
    if (!d.allowed) {
      c.header('Retry-After', String(d.resetSeconds));
      throw new ApiError(429, 'RATE_LIMITED', `at most ${d.limit} such requests a minute; try again in ${d.resetSeconds} s`, undefined, { retryAfterSeconds: d.resetSeconds });
    }
    return next();
  });
