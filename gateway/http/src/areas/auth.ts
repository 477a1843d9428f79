import { createHash, randomBytes } from 'node:crypto';
import { getGuildsKnown } from '@guildhall/projections';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { guildRule, PUBLIC, SIGNED_IN } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { json, MemberParams } from '../api/schemas.js';
import { permissionsOfLevel } from '../auth/level-permissions.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import type { GuildAccess, Principal } from '../http/principal.js';
import { SESSION_COOKIE, unauthenticated } from '../middleware/authenticate.js';

const STATE_COOKIE = 'gh_oauth_state';
const STATE_TTL_S = 600;

export const CallbackQuery = z.union([
  z.object({ code: z.string().min(1).max(500), state: z.string().min(1).max(200) }),
  z.object({ error: z.string().min(1).max(200), error_description: z.string().max(500).optional(), state: z.string().optional() }),
]);

const Redirect = { description: 'A redirect (Location)' };

/**
 * "Log in with Discord": the OAuth2 authorization-code flow with `state` and PKCE (S256), both
 * kept in a short-lived httpOnly cookie (SameSite=Lax: the callback is a top-level navigation
 * from Discord). The session is a row in `gh_http.sessions`; the cookie holds only its random id.
 * The Discord access token is used for the two lookups and dropped (no refresh needs it).
 */
export const loginArea = (deps: AppDeps) => {
  const app = newApiApp();
  const redirectUri = `${deps.publicUrl}/auth/callback`;
  const secure = deps.publicUrl.startsWith('https:');
  const failed = (reason: string) => `/login?error=${encodeURIComponent(reason)}`;

  app.openapi(apiRoute(deps, { operationId: 'login', method: 'get', path: '/login', tags: ['auth'], summary: "Start Discord's login (redirects)", access: PUBLIC, responses: { 302: Redirect } }), async (c) => {
    const state = randomBytes(18).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    setCookie(c, STATE_COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'Lax', secure, path: '/auth', maxAge: STATE_TTL_S });
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    return c.redirect(await deps.oauth.authorizeUrl(redirectUri, state, challenge), 302);
  });

  app.openapi(
    apiRoute(deps, { operationId: 'loginCallback', method: 'get', path: '/callback', tags: ['auth'], summary: "Discord's answer: makes the session (redirects)", access: PUBLIC, responses: { 302: Redirect } }),
    async (c) => {
      const q = CallbackQuery.safeParse(c.req.query());
      const [expected, verifier] = (getCookie(c, STATE_COOKIE) ?? '').split('.');
      deleteCookie(c, STATE_COOKIE, { path: '/auth' });
      if (!q.success) return c.redirect(failed('the login answer was malformed'), 302);
      if ('error' in q.data) return c.redirect(failed(q.data.error_description ?? q.data.error), 302);
      if (!expected || !verifier || expected !== q.data.state) return c.redirect(failed('the login expired or came from elsewhere; try again'), 302);
      try {
        const token = await deps.oauth.exchangeCode(q.data.code, redirectUri, verifier);
        const [user, guilds] = await Promise.all([deps.oauth.user(token), deps.oauth.guilds(token)]);
        const id = await deps.sessions.create(
          { id: user.id, name: (user.global_name ?? user.username).slice(0, 100), avatar: user.avatar ?? null },
          guilds.slice(0, 200).map((g) => ({ id: g.id, name: g.name.slice(0, 100), icon: g.icon ?? null, owner: g.owner ?? false, permissions: g.permissions })),
          deps.sessionTtlMs,
          c.req.header('user-agent') ?? null,
        );
        setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: Math.floor(deps.sessionTtlMs / 1000) });
        deps.logger.info({ userId: user.id, guilds: guilds.length }, 'dashboard login');
        return c.redirect('/', 302);
      } catch (e) {
        deps.logger.warn({ err: e }, 'login failed');
        return c.redirect(failed((e as Error).message), 302);
      }
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'logout', method: 'post', path: '/logout', tags: ['auth'], summary: 'End this session (on every device it was copied to)', access: PUBLIC, responses: { 204: { description: 'Logged out' } } }),
    async (c) => {
      const p = c.var.principal;
      await deps.sessions.revoke(getCookie(c, SESSION_COOKIE), p?.kind === 'session' ? p.user.id : 'anonymous');
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      return c.body(null, 204);
    },
  );
  return app;
};

const GuildView = z
  .object({ id: z.string(), name: z.string(), icon: z.string().nullable(), owner: z.boolean(), level: z.enum(['viewer', 'moderator', 'admin', 'owner']), permissions: z.array(z.string()) })
  .openapi('GuildAccess');
const Me = z
  .object({ user: z.object({ id: z.string(), name: z.string(), avatar: z.string().nullable() }), expiresAt: z.string().nullable(), via: z.enum(['session', 'token']), guilds: z.array(GuildView) })
  .openapi('Me');
const SessionView = z.object({ sessionId: z.string(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), userAgent: z.string().nullable(), current: z.boolean() }).openapi('Session');

/** The guilds a principal may open: with a level, and the bot in them (Guildhall has seen them). */
const guildsOf = async (deps: AppDeps, p: Principal) => {
  if (p.kind === 'token') return [{ id: p.guildId, name: '', icon: null, owner: false, level: 'viewer' as const, permissions: [] }];
  const known = new Set(await getGuildsKnown(deps.pool, p.guilds.map((g) => g.id)));
  const access = await Promise.all(p.guilds.filter((g) => known.has(g.id)).map((g) => deps.levels.guildFor(p, g.id)));
  return access
    .filter((g): g is GuildAccess & { level: NonNullable<GuildAccess['level']> } => g !== null && g.level !== null)
    .map((g) => ({ id: g.id, name: g.name, icon: g.icon, owner: g.level === 'owner', level: g.level, permissions: permissionsOfLevel(g.level) }));
};

/** Who is signed in, their guilds, their sessions. */
export const sessionArea = (deps: AppDeps) => {
  const app = newApiApp();
  const secure = deps.publicUrl.startsWith('https:');

  app.openapi(
    apiRoute(deps, { operationId: 'getAuthConfig', method: 'get', path: '/auth/config', tags: ['auth'], summary: 'Where "Log in with Discord" goes', access: PUBLIC, responses: { 200: json(z.object({ target: z.string(), loginUrl: z.string() }), 'The login target') } }),
    (c) => c.json({ target: deps.oauth.target, loginUrl: '/auth/login' }, 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'getMe', method: 'get', path: '/me', tags: ['auth'], summary: 'The signed-in user (or token) and the guilds with their level', access: { kind: 'signed-in', tokens: true }, responses: { 200: json(Me, 'Who') } }),
    async (c) => {
      const p = c.var.principal;
      if (!p) throw unauthenticated();
      const user = p.kind === 'session' ? p.user : { id: p.issuedBy.id, name: `${p.name} (API token)`, avatar: null };
      return c.json({ user, expiresAt: p.kind === 'session' ? p.expiresAt : null, via: p.kind, guilds: await guildsOf(deps, p) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listGuilds', method: 'get', path: '/guilds', tags: ['auth'], summary: 'The guilds the caller may open (the bot is in them)', access: { kind: 'signed-in', tokens: true }, responses: { 200: json(z.object({ guilds: z.array(GuildView) }), 'The guilds') } }),
    async (c) => {
      const p = c.var.principal;
      if (!p) throw unauthenticated();
      return c.json({ guilds: await guildsOf(deps, p) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listSessions', method: 'get', path: '/sessions', tags: ['auth'], summary: "The signed-in user's live sessions", access: SIGNED_IN, responses: { 200: json(z.object({ sessions: z.array(SessionView) }), 'The sessions') } }),
    async (c) => {
      const p = c.var.principal;
      if (p?.kind !== 'session') throw unauthenticated();
      return c.json({ sessions: await deps.sessions.list(p.user.id, p.sessionId) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'logOutEverywhere', method: 'post', path: '/sessions/logout-everywhere', tags: ['auth'], summary: 'End every session of the signed-in user', access: SIGNED_IN, responses: { 200: json(z.object({ ended: z.number().int() }), 'How many sessions ended') } }),
    async (c) => {
      const p = c.var.principal;
      if (p?.kind !== 'session') throw unauthenticated();
      const ended = await deps.sessions.revokeAllOf(p.user.id, p.user.id);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      return c.json({ ended }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'endSession', method: 'delete', path: '/sessions/{sessionId}', tags: ['auth'], summary: 'End one of my sessions', access: SIGNED_IN,
      request: { params: z.object({ sessionId: z.string().regex(/^[0-9a-f]{16}$/, 'must be a session id from listSessions') }) },
      responses: { 204: { description: 'Ended' }, 404: json(z.object({ error: z.object({ code: z.string(), reason: z.string() }) }), 'No such live session') },
    }),
    async (c) => {
      const p = c.var.principal;
      if (p?.kind !== 'session') throw unauthenticated();
      if (!(await deps.sessions.revokeOne(p.user.id, c.req.valid('param').sessionId, p.user.id))) throw new ApiError(404, 'SESSION_NOT_FOUND', 'no such live session of yours');
      return c.body(null, 204);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'endMemberSessions', method: 'post', path: '/guilds/{guildId}/members/{userId}/sessions/end', tags: ['auth'], summary: "End every dashboard session of a member (e.g. a moderator you demoted)", access: guildRule('admin', null),
      request: { params: MemberParams },
      responses: { 200: json(z.object({ ended: z.number().int() }), 'How many sessions ended') },
    }),
    async (c) => {
      const p = c.var.principal;
      if (p?.kind !== 'session') throw unauthenticated();
      const { userId } = c.req.valid('param');
      const ended = await deps.sessions.revokeAllOf(userId, p.user.id);
      deps.logger.info({ guildId: c.var.guild.id, userId, by: p.user.id, ended }, 'member sessions ended');
      return c.json({ ended }, 200);
    },
  );

  return app;
};
