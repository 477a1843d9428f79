import { InfraError } from '@guildhall/kernel';
import { z } from 'zod';
import type { OAuthProvider } from './oauth-provider.js';

export const OAUTH_SCOPES = ['identify', 'guilds'] as const;

const TokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string(), scope: z.string().optional() });
export const DiscordUserSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  username: z.string().min(1),
  global_name: z.string().nullable().optional(),
  avatar: z.string().nullable().optional(),
  /** Only with the `email` scope: the address and whether Discord verified it. */
  email: z.string().nullable().optional(),
  verified: z.boolean().optional(),
});
export type DiscordUser = z.infer<typeof DiscordUserSchema>;
export const DiscordGuildSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  name: z.string(),
  icon: z.string().nullable().optional(),
  owner: z.boolean().optional(),
  permissions: z.string().regex(/^\d+$/),
});
export type DiscordGuild = z.infer<typeof DiscordGuildSchema>;

const call = async <S extends z.ZodType>(what: string, url: string, init: RequestInit, schema: S): Promise<z.output<S>> => {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new InfraError('OAUTH_UNAVAILABLE', `${what}: ${url} did not answer (${(e as Error).message})`, { url });
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const reason = typeof body === 'object' && body !== null && 'error_description' in body ? String(body.error_description) : `HTTP ${res.status}`;
    throw new InfraError('OAUTH_FAILED', `${what} failed: ${reason}`, { url, status: res.status });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InfraError('OAUTH_FAILED', `${what}: unexpected answer (${issue?.path.join('.')}: ${issue?.message})`, { url });
  }
  return parsed.data;
};

/** The authorization-code flow's three calls: code → token, then who and which guilds. */
export class DiscordOAuth {
  constructor(private readonly provider: OAuthProvider) {}

  get target(): string {
    return this.provider.endpoints.target;
  }

  /** With PKCE (S256): `codeChallenge` is base64url(sha256(verifier)); the verifier goes to `exchangeCode`. */
  async authorizeUrl(redirectUri: string, state: string, codeChallenge: string, scopes: readonly string[] = OAUTH_SCOPES): Promise<string> {
    const { clientId } = await this.provider.credentials();
    const q = new URLSearchParams({
      client_id: clientId, response_type: 'code', scope: scopes.join(' '), redirect_uri: redirectUri, state, prompt: 'none',
      code_challenge: codeChallenge, code_challenge_method: 'S256',
    });
    return `${this.provider.endpoints.authorizeUrl}?${q}`;
  }

  async exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<string> {
    const { clientId, clientSecret } = await this.provider.credentials();
    try {
      const grant = await call('token exchange', `${this.provider.endpoints.apiBase}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, client_secret: clientSecret, code_verifier: codeVerifier }),
      }, TokenSchema);
      return grant.access_token;
    } catch (e) {
      // A reset sandbox may have new credentials: read them again next time.
      this.provider.invalidate();
      throw e;
    }
  }

  user(accessToken: string): Promise<DiscordUser> {
    return call('user lookup', `${this.provider.endpoints.apiBase}/users/@me`, { headers: { authorization: `Bearer ${accessToken}` } }, DiscordUserSchema);
  }

  guilds(accessToken: string): Promise<DiscordGuild[]> {
    return call('guild list', `${this.provider.endpoints.apiBase}/users/@me/guilds`, { headers: { authorization: `Bearer ${accessToken}` } }, z.array(DiscordGuildSchema));
  }
}
