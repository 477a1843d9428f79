import type { Hono } from 'hono';
import { z } from 'zod';
import { DiscordError } from '../errors.js';
import { validate } from '../rest/body.js';
import type { RestDeps, RestEnv } from '../rest/env.js';
import { json } from '../rest/helpers.js';
import { s256, TOKEN_TTL_S, type AccessGrant } from './store.js';

const TokenForm = z.discriminatedUnion('grant_type', [
  z.object({ grant_type: z.literal('authorization_code'), code: z.string().min(1), redirect_uri: z.string().optional(), code_verifier: z.string().optional(), client_id: z.string().optional(), client_secret: z.string().optional() }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1), client_id: z.string().optional(), client_secret: z.string().optional() }),
]);

/** OAuth2 errors use RFC 6749's shape, as Discord's token endpoint does. */
const oauthError = (error: string, description: string, status = 400) => json({ error, error_description: description }, status);

const grantBody = (g: AccessGrant) => ({
  access_token: g.accessToken,
  token_type: 'Bearer',
  expires_in: TOKEN_TTL_S,
  refresh_token: g.refreshToken,
  scope: g.scopes.join(' '),
});

const readForm = async (req: Request): Promise<Record<string, string>> => {
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const parsed = z.record(z.string(), z.string()).safeParse(await req.json().catch(() => null));
    if (!parsed.success) throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
    return parsed.data;
  }
  return Object.fromEntries(new URLSearchParams(await req.text()));
};

/** Client credentials come in the form or as HTTP Basic, like Discord accepts. */
const clientOf = (req: Request, form: Record<string, string>): { id?: string | undefined; secret?: string | undefined } => {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
    return { id, secret };
  }
  return { id: form.client_id, secret: form.client_secret };
};

export const registerOAuthTokenRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx, oauth } = deps;

  app.post('/oauth2/token', async (c) => {
    const form = await readForm(c.req.raw);
    c.set('body', { ...form, client_secret: form.client_secret ? '***' : undefined });
    const client = clientOf(c.req.raw, form);
    if (client.id !== ctx.world.bot.applicationId || client.secret !== ctx.world.bot.clientSecret) return oauthError('invalid_client', 'Invalid client', 401);
    const parsed = TokenForm.safeParse(form);
    if (!parsed.success) return oauthError('invalid_request', 'Invalid "grant_type" or missing parameters');
    const body = parsed.data;
    if (body.grant_type === 'authorization_code') {
      const code = oauth.takeCode(body.code);
      if (!code || code.clientId !== client.id) return oauthError('invalid_grant', 'Invalid "code" in request.');
      if (code.redirectUri && code.redirectUri !== body.redirect_uri) return oauthError('invalid_grant', 'Invalid "redirect_uri" in request.');
      if (code.codeChallenge !== null && (body.code_verifier === undefined || s256(body.code_verifier) !== code.codeChallenge)) {
        return oauthError('invalid_grant', 'Invalid "code_verifier" in request.');
      }
      return json(grantBody(oauth.grant(code.userId, code.scopes)));
    }
    const refreshed = oauth.refresh(body.refresh_token);
    if (!refreshed) return oauthError('invalid_grant', 'Invalid "refresh_token" in request.');
    return json(grantBody(refreshed));
  });

  app.post('/oauth2/token/revoke', async (c) => {
    const form = await readForm(c.req.raw);
    const parsed = validate(z.object({ token: z.string().min(1) }), form);
    oauth.revoke(parsed.token);
    return json({});
  });
};
