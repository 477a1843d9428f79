import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { ApiError } from '../http/api-error.js';
import { canOpenDashboard, permissionNames } from './permissions.js';
import type { Session } from './session.js';

export const SESSION_COOKIE = 'gh_session';
const STATE_COOKIE = 'gh_oauth_state';
const STATE_TTL_S = 600;

const CallbackQuery = z.union([
  z.object({ code: z.string().min(1).max(500), state: z.string().min(1).max(200) }),
  z.object({ error: z.string().min(1).max(200), error_description: z.string().max(500).optional(), state: z.string().optional() }),
]);

/**
 * "Log in with Discord": the OAuth2 authorization-code flow. The state is a random value kept in
 * a short-lived cookie (SameSite=Lax: the callback is a top-level navigation from Discord). The
 * session is a signed, httpOnly cookie with the user and the guilds they may manage.
 */
export const registerAuthRoutes = (app: Hono<AppEnv>, deps: AppDeps): void => {
  const redirectUri = `${deps.publicUrl}/auth/callback`;
  const secure = deps.publicUrl.startsWith('https:');
  const failed = (reason: string) => `/login?error=${encodeURIComponent(reason)}`;

  app.get('/auth/login', async (c) => {
    const state = randomBytes(18).toString('base64url');
    setCookie(c, STATE_COOKIE, state, { httpOnly: true, sameSite: 'Lax', secure, path: '/auth', maxAge: STATE_TTL_S });
    return c.redirect(await deps.oauth.authorizeUrl(redirectUri, state), 302);
  });

  app.get('/auth/callback', async (c) => {
    const q = CallbackQuery.safeParse(c.req.query());
    const expected = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: '/auth' });
    if (!q.success) return c.redirect(failed('the login answer was malformed'), 302);
    if ('error' in q.data) return c.redirect(failed(q.data.error_description ?? q.data.error), 302);
    if (!expected || expected !== q.data.state) return c.redirect(failed('the login expired or came from elsewhere; try again'), 302);
    try {
      const token = await deps.oauth.exchangeCode(q.data.code, redirectUri);
      const [user, guilds] = await Promise.all([deps.oauth.user(token), deps.oauth.guilds(token)]);
      const now = Date.now();
      const session: Session = {
        v: 1,
        user: { id: user.id, name: (user.global_name ?? user.username).slice(0, 100), avatar: user.avatar ?? null },
        guilds: guilds
          .map((g) => ({ id: g.id, name: g.name.slice(0, 100), icon: g.icon ?? null, owner: g.owner ?? false, permissions: g.permissions }))
          .filter(canOpenDashboard)
          .slice(0, 200),
        issuedAt: now,
        expiresAt: now + deps.sessionTtlMs,
      };
      setCookie(c, SESSION_COOKIE, deps.sessions.encode(session), {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: '/',
        maxAge: Math.floor(deps.sessionTtlMs / 1000),
      });
      deps.logger.info({ userId: user.id, guilds: session.guilds.length }, 'dashboard login');
      return c.redirect('/', 302);
    } catch (e) {
      deps.logger.warn({ err: e }, 'login failed');
      return c.redirect(failed((e as Error).message), 302);
    }
  });

  app.post('/auth/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    return c.body(null, 204);
  });

  /** Public: lets the login page say where "Log in with Discord" goes (the sandbox is the demo). */
  app.get('/api/auth/config', (c) => c.json({ target: deps.oauth.target, loginUrl: '/auth/login' }));

  app.get('/api/me', (c) => {
    const { user, guilds, expiresAt } = c.var.session;
    return c.json({
      user,
      expiresAt: new Date(expiresAt).toISOString(),
      guilds: guilds.map((g) => ({ id: g.id, name: g.name, icon: g.icon, owner: g.owner, permissions: permissionNames(g) })),
    });
  });
};

/** The session of a request, or null (no cookie, bad signature, expired). */
export const sessionOf = (deps: Pick<AppDeps, 'sessions'>, cookie: string | undefined): Session | null => deps.sessions.decode(cookie);

export const unauthenticated = (): ApiError => new ApiError(401, 'UNAUTHENTICATED', 'log in first (GET /auth/login)');
