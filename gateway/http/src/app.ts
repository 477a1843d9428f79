import { newId } from '@guildhall/kernel';
import { httpMetrics, withCorrelation } from '@guildhall/eventing';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { registerAuthRoutes, SESSION_COOKIE, sessionOf, unauthenticated } from './auth/auth-routes.js';
import { registerCommandRoutes } from './commands/command-routes.js';
import { registerHealthRoutes } from './health.js';
import { ApiError, toApiError } from './http/api-error.js';
import type { AppDeps, AppEnv } from './http/app-env.js';
import { registerLiveRoutes } from './live/live-routes.js';
import { registerQueryRoutes } from './queries/query-routes.js';
import { registerStaticUi } from './static-ui.js';

/** Correlation ids are echoed into logs and events: keep them short and plain. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,200}$/;
/** Mutating API calls must carry this header: a cross-site form or image cannot, and a cross-origin fetch would need a CORS preflight we never grant. */
export const CSRF_HEADER = 'x-guildhall-csrf';
const PUBLIC_API = new Set(['/api/auth/config']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The dashboard's HTTP surface: auth, commands, queries, live updates, health and the built UI. */
export const createApp = (deps: AppDeps): Hono<AppEnv> => {
  const app = new Hono<AppEnv>();
  const origin = new URL(deps.publicUrl).origin;

  app.onError((e, c) => {
    const error = toApiError(e);
    const log = { err: e, method: c.req.method, path: c.req.path, status: error.status };
    if (error.status >= 500) deps.logger.error(log, 'request failed');
    else deps.logger.debug(log, 'request refused');
    return c.json(error.body(), error.status);
  });
  app.notFound((c) => c.json(new ApiError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`).body(), 404));

  app.use('*', httpMetrics());
  app.use('*', async (c, next) => {
    const given = c.req.header('x-correlation-id');
    const correlationId = given && CORRELATION_ID.test(given) ? given : newId();
    c.set('correlationId', correlationId);
    c.header('X-Correlation-Id', correlationId);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    await withCorrelation(correlationId, next);
  });

  registerHealthRoutes(app, deps);

  // CSRF: a custom header on every mutating call, and a browser's Origin (when sent) must be ours.
  app.use('*', async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const sentOrigin = c.req.header('origin');
    if (sentOrigin !== undefined && sentOrigin !== origin) {
      throw new ApiError(403, 'CSRF_REJECTED', `requests from ${sentOrigin} are not accepted; the dashboard is at ${origin}`);
    }
    if (c.req.header(CSRF_HEADER) === undefined) {
      throw new ApiError(403, 'CSRF_REJECTED', `mutating requests need the ${CSRF_HEADER} header`);
    }
    return next();
  });

  app.use('/api/*', async (c, next) => {
    if (PUBLIC_API.has(c.req.path)) return next();
    const session = sessionOf(deps, getCookie(c, SESSION_COOKIE));
    if (!session) throw unauthenticated();
    c.set('session', session);
    return next();
  });

  app.use('/api/guilds/:guildId/*', async (c, next) => {
    const guildId = c.req.param('guildId');
    const guild = c.var.session.guilds.find((g) => g.id === guildId);
    if (!guild) throw new ApiError(403, 'GUILD_FORBIDDEN', `you may not manage guild ${guildId} (or it is not one of yours)`);
    c.set('guild', guild);
    return next();
  });

  registerAuthRoutes(app, deps);
  registerCommandRoutes(app, deps);
  registerQueryRoutes(app, deps);
  registerLiveRoutes(app, deps);
  app.get('/api/guilds', (c) => c.json({ guilds: c.var.session.guilds.map((g) => ({ id: g.id, name: g.name, icon: g.icon })) }));
  app.all('/api/*', (c) => c.json(new ApiError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`).body(), 404));
  registerStaticUi(app, deps.uiDist);
  return app;
};
