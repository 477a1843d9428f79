import { httpMetrics } from '@guildhall/eventing';
import { OpenAPIHono } from '@hono/zod-openapi';
import { analyticsArea } from './areas/analytics.js';
import { appealsArea } from './areas/appeals.js';
import { approvalsArea } from './areas/approvals.js';
import { reportsArea } from './areas/reports.js';
import { musicArea } from './areas/music.js';
import { schedulesArea } from './areas/schedules.js';
import { customCommandsArea } from './areas/custom-commands.js';
import { automodArea } from './areas/automod.js';
import { notificationsArea } from './areas/notifications.js';
import { workflowsArea } from './areas/workflows.js';
import { accessArea } from './areas/access.js';
import { auditArea } from './areas/audit.js';
import { loginArea, sessionArea } from './areas/auth.js';
import { casesArea } from './areas/cases.js';
import { commandsArea } from './areas/commands.js';
import { registerDocs } from './areas/docs.js';
import { privacyArea } from './areas/privacy.js';
import { settingsHistoryArea } from './areas/settings-history.js';
import { exportsArea } from './areas/exports.js';
import { liveArea } from './areas/live.js';
import { membersArea } from './areas/members.js';
import { registerHealthRoutes } from './health.js';
import { ApiError, toApiError } from './http/api-error.js';
import type { AppDeps, AppEnv } from './http/app-env.js';
import { authenticate } from './middleware/authenticate.js';
import { apiBodyLimit } from './middleware/body-limit.js';
import { csrf } from './middleware/csrf.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { securityHeaders } from './middleware/security-headers.js';
import { textInput } from './middleware/text-input.js';
import { registerStaticUi } from './static-ui.js';

export { CSRF_HEADER } from './middleware/csrf.js';

export type AppOptions = Readonly<{ liveRecheckMs?: number }>;

/**
 * The dashboard's HTTP surface. Named middlewares in order (request id, security headers, body
 * limit, text input, CSRF, authenticate, rate limit), then one sub-app per area mounted with
 * `app.route` — each route states its access rule, which `authorize` enforces — the OpenAPI
 * document and docs page, health, and the built UI.
 */
export const createApp = (deps: AppDeps, options: AppOptions = {}): OpenAPIHono<AppEnv> => {
  const app = new OpenAPIHono<AppEnv>();

  app.onError((e, c) => {
    const error = toApiError(e);
    const log = { err: e, method: c.req.method, path: c.req.path, status: error.status };
    if (error.status >= 500) deps.logger.error(log, 'request failed');
    else deps.logger.debug(log, 'request refused');
    return c.json(error.body(), error.status);
  });
  app.notFound((c) => c.json(new ApiError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`).body(), 404));

  app.use('*', httpMetrics());
  app.use('*', requestId);
  app.use('*', securityHeaders(deps.publicUrl));
  registerHealthRoutes(app, deps);
  for (const prefix of ['/api/*', '/auth/*']) {
    app.use(prefix, apiBodyLimit);
    app.use(prefix, textInput);
    app.use(prefix, csrf(deps.publicUrl));
    app.use(prefix, authenticate(deps));
    app.use(prefix, rateLimit(deps));
  }

  // One sub-app per area. A new area: a file in areas/ exporting `xArea(deps)`, and one line here.
  app.route('/auth', loginArea(deps));
  app.route('/api', sessionArea(deps));
  app.route('/api', casesArea(deps));
  app.route('/api', membersArea(deps));
  app.route('/api', auditArea(deps));
  app.route('/api', exportsArea(deps));
  app.route('/api', commandsArea(deps));
  app.route('/api', accessArea(deps));
  app.route('/api', analyticsArea(deps));
  app.route('/api', musicArea(deps));
  app.route('/api', schedulesArea(deps));
  app.route('/api', customCommandsArea(deps));
  app.route('/api', automodArea(deps));
  app.route('/api', appealsArea(deps));
  app.route('/api', notificationsArea(deps));
  app.route('/api', approvalsArea(deps));
  app.route('/api', reportsArea(deps));
  app.route('/api', privacyArea(deps));
  app.route('/api', settingsHistoryArea(deps));
  app.route('/api', workflowsArea(deps));
  app.route('/api', liveArea(deps, { recheckMs: options.liveRecheckMs ?? 5_000 }));
  registerDocs(app, deps.publicUrl);

  app.all('/api/*', (c) => c.json(new ApiError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`).body(), 404));
  registerStaticUi(app, deps.uiDist);
  return app;
};
