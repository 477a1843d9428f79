import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';

/** Mutating calls from the dashboard must carry this header: a cross-site form or image cannot, and a cross-origin fetch would need a CORS preflight we never grant. */
export const CSRF_HEADER = 'x-guildhall-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF for cookie sessions: a custom header on every mutating call, and a browser's Origin (when
 * sent) must be ours. A request with `Authorization: Bearer` carries no ambient credential (a
 * browser never adds it by itself), so it is exempt.
 */
export const csrf = (publicUrl: string) => {
  const origin = new URL(publicUrl).origin;
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || /^Bearer /i.test(c.req.header('authorization') ?? '')) return next();
    const sentOrigin = c.req.header('origin');
    if (sentOrigin !== undefined && sentOrigin !== origin) {
      throw new ApiError(403, 'CSRF_REJECTED', `requests from ${sentOrigin} are not accepted; the dashboard is at ${origin}`);
    }
    if (c.req.header(CSRF_HEADER) === undefined) throw new ApiError(403, 'CSRF_REJECTED', `mutating requests need the ${CSRF_HEADER} header`);
    return next();
  });
};
