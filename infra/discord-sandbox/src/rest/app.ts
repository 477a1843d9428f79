import { Hono } from 'hono';
import type { Logger } from 'pino';
import { DiscordError, Errors } from '../errors.js';
import type { FaultInjector } from '../faults.js';
import { bucketRoute, type RateLimiter } from '../rate-limit.js';
import type { RestCallLog } from './call-log.js';
import type { RestDeps, RestEnv } from './env.js';
import { json } from './helpers.js';
import { registerAuditLogRoutes } from './routes-audit-log.js';
import { registerBanRoutes } from './routes-bans.js';
import { registerChannelRoutes } from './routes-channels.js';
import { registerCommandRoutes } from './routes-commands.js';
import { registerGatewayRoutes } from './routes-gateway.js';
import { registerGuildRoutes } from './routes-guilds.js';
import { registerInteractionRoutes } from './routes-interactions.js';
import { registerMemberRoutes } from './routes-members.js';
import { registerMessageRoutes } from './routes-messages.js';
import { registerOAuthTokenRoutes } from '../oauth/token.js';
import { registerRoleRoutes } from './routes-roles.js';
import { registerUserRoutes } from './routes-users.js';

export interface RestAppDeps extends RestDeps {
  logger: Logger;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  calls: RestCallLog;
}

/** Routes that Discord serves without an Authorization header. */
const PUBLIC = [/^\/interactions\/\d+\/[^/]+\/callback$/, /^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/, /^\/oauth2\/token(\/revoke)?$/, /^\/gateway$/];
/** Routes an OAuth2 Bearer token may call; everything else is for the bot. */
const BEARER = [/^\/users\/@me$/, /^\/users\/@me\/guilds$/, /^\/users\/@me\/guilds\/\d+\/member$/, /^\/oauth2\/@me$/];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** REST v10: auth, fault injection, rate limits and the call log around Discord's routes. */
export const createRestApp = (deps: RestAppDeps): Hono<RestEnv> => {
  const app = new Hono<RestEnv>();
  const local = (path: string) => path.replace(/^\/api(\/v\d+)?/, '') || '/';

  app.use('*', async (c, next) => {
    const path = local(c.req.path);
    const rawReason = c.req.header('X-Audit-Log-Reason');
    let reason: string | null = null;
    if (rawReason) {
      try {
        reason = decodeURIComponent(rawReason);
      } catch {
        reason = rawReason;
      }
    }
    c.set('reason', reason);
    c.set('body', undefined);
    c.set('auth', { kind: 'none' });
    await next();
    const auth = c.get('auth');
    deps.calls.record({
      at: new Date().toISOString(),
      method: c.req.method,
      path,
      route: bucketRoute(path),
      status: c.res.status,
      auth: auth.kind,
      auditLogReason: reason,
      body: c.get('body'),
    });
  });

  app.use('*', async (c, next) => {
    const path = local(c.req.path);
    const header = c.req.header('Authorization') ?? '';
    const [scheme, token] = header.split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'bot' && token === deps.ctx.world.bot.token) {
      c.set('auth', { kind: 'bot', userId: deps.ctx.world.bot.userId });
    } else if (scheme?.toLowerCase() === 'bearer' && token) {
      const grant = deps.oauth.lookup(token);
      if (!grant || !BEARER.some((r) => r.test(path))) throw Errors.unauthorized();
      c.set('auth', { kind: 'bearer', userId: grant.userId, scopes: grant.scopes, expiresAt: grant.expiresAt });
    } else if (header !== '' || !PUBLIC.some((r) => r.test(path))) {
      throw Errors.unauthorized();
    }
    const fault = deps.faults.take(c.req.method, path);
    if (fault?.kind === 'latency') await sleep(fault.ms);
    if (fault?.kind === 'server_error') return json({ message: `${fault.status}: Internal Server Error`, code: 0 }, fault.status);
    if (fault?.kind === 'rate_limit') {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'Retry-After': String(fault.retryAfter),
        'X-RateLimit-Limit': '1',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': ((Date.now() + fault.retryAfter * 1000) / 1000).toFixed(3),
        'X-RateLimit-Reset-After': fault.retryAfter.toFixed(3),
        'X-RateLimit-Scope': fault.global ? 'global' : 'user',
        ...(fault.global ? { 'X-RateLimit-Global': 'true' } : {}),
      };
      return new Response(JSON.stringify({ message: 'You are being rate limited.', retry_after: fault.retryAfter, global: fault.global, code: 0 }), { status: 429, headers });
    }
    if (c.get('auth').kind === 'bot') {
      const decision = deps.rateLimiter.check(c.req.method, path);
      if (decision?.retryAfter != null) {
        return new Response(JSON.stringify({ message: 'You are being rate limited.', retry_after: Number(decision.retryAfter.toFixed(3)), global: decision.global, code: 0 }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'Retry-After': String(Math.ceil(decision.retryAfter)), ...decision.headers },
        });
      }
      await next();
      if (decision) for (const [k, v] of Object.entries(decision.headers)) c.res.headers.set(k, v);
      return;
    }
    await next();
  });

  for (const register of [
    registerGatewayRoutes,
    registerChannelRoutes,
    registerMessageRoutes,
    registerGuildRoutes,
    registerMemberRoutes,
    registerBanRoutes,
    registerRoleRoutes,
    registerAuditLogRoutes,
    registerCommandRoutes,
    registerInteractionRoutes,
    registerUserRoutes,
    registerOAuthTokenRoutes,
  ]) {
    register(app, deps);
  }

  app.notFound(() => json(Errors.notFound().toJSON(), 404));
  app.onError((err) => {
    if (err instanceof DiscordError) return json(err.toJSON(), err.status);
    deps.logger.error({ err }, 'REST handler failed');
    return json({ message: '500: Internal Server Error', code: 0 }, 500);
  });
  return app;
};
