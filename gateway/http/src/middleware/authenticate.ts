import { apiTokenByHash } from '@guildhall/projections';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { hashOfPresented } from '../auth/api-tokens.js';
import { GATEWAY_SCHEMA } from '../auth/gateway-schema.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';

export const SESSION_COOKIE = 'gh_session';

export const unauthenticated = (): ApiError => new ApiError(401, 'UNAUTHENTICATED', 'log in first (GET /auth/login), or send Authorization: Bearer <API token>');

/**
 * Who is calling, when anyone: `Authorization: Bearer <token>` (an API token, looked up by its
 * hash in the access read model: revoked or expired ones are refused at once) or the session
 * cookie (looked up in the session table). Sets `principal`; `authorize` decides what it may do.
 * A bearer header that is not a live token is a 401, never a silent fallback to the cookie.
 */
export const authenticate = (deps: Pick<AppDeps, 'sessions' | 'pool'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const m = /^Bearer (.+)$/i.exec(authorization);
      const hash = m ? hashOfPresented(m[1]!.trim()) : null;
      const token = hash ? await apiTokenByHash(deps.pool, hash) : null;
      if (!token) throw new ApiError(401, 'INVALID_TOKEN', 'the API token is unknown, revoked or expired', 'Authorization');
      c.set('principal', { kind: 'token', tokenId: token.tokenId, name: token.name, guildId: token.guildId, scopes: token.scopes, issuedBy: token.issuedBy });
      // Last use, at most once a minute per token.
      await deps.pool.query(
        `INSERT INTO ${GATEWAY_SCHEMA}.token_use (token_id, last_used_at) VALUES ($1, now())
         ON CONFLICT (token_id) DO UPDATE SET last_used_at = now() WHERE ${GATEWAY_SCHEMA}.token_use.last_used_at < now() - interval '1 minute'`,
        [`${token.guildId}/${token.tokenId}`],
      );
    } else {
      c.set('principal', (await deps.sessions.get(getCookie(c, SESSION_COOKIE))) ?? undefined);
    }
    return next();
  });
