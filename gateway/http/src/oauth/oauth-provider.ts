import { InfraError } from '@guildhall/kernel';
import { z } from 'zod';
import { sandboxUrlOf, type HttpSettings } from '../settings.js';

/** Where "Log in with Discord" goes, and with which client credentials. */
export type OAuthEndpoints = Readonly<{
  /** `discord`: discord.com; `sandbox`: the local sandbox (credentials read from it); `custom`: DISCORD_OAUTH_BASE. */
  target: 'discord' | 'sandbox' | 'custom';
  /** Browser-facing authorize page. */
  authorizeUrl: string;
  /** REST base with version, e.g. https://discord.com/api/v10. */
  apiBase: string;
}>;

export type ClientCredentials = Readonly<{ clientId: string; clientSecret: string }>;

export interface OAuthProvider {
  readonly endpoints: OAuthEndpoints;
  credentials(): Promise<ClientCredentials>;
  /** Forget cached credentials (the sandbox was reset). */
  invalidate(): void;
}

const SandboxBotSchema = z.object({ applicationId: z.string().min(1), clientSecret: z.string().min(1) });

/** The sandbox hands out its application's OAuth2 credentials on its control API (`GET /_sandbox/bot`). */
const sandboxCredentials = async (base: string): Promise<ClientCredentials> => {
  let res: Response;
  try {
    res = await fetch(`${base}/_sandbox/bot`, { signal: AbortSignal.timeout(5_000) });
  } catch (e) {
    throw new InfraError(
      'OAUTH_UNAVAILABLE',
      `the Discord sandbox at ${base} did not answer (${(e as Error).message}): start it (npm run sandbox) or set DISCORD_CLIENT_ID/SECRET`,
      { url: base },
    );
  }
  const parsed = SandboxBotSchema.safeParse(res.ok ? await res.json().catch(() => null) : null);
  if (!parsed.success) {
    throw new InfraError('OAUTH_UNAVAILABLE', `${base}/_sandbox/bot did not return {applicationId, clientSecret}: is it a Discord sandbox?`, { url: base });
  }
  return { clientId: parsed.data.applicationId, clientSecret: parsed.data.clientSecret };
};

/** DISCORD_OAUTH_BASE → that server; DISCORD_CLIENT_ID/SECRET alone → Discord; neither → the sandbox. */
export const oauthProviderFrom = (
  s: Pick<HttpSettings, 'DISCORD_OAUTH_BASE' | 'DISCORD_CLIENT_ID' | 'DISCORD_CLIENT_SECRET' | 'SANDBOX_URL' | 'SANDBOX_PORT'>,
): OAuthProvider => {
  const fixed = s.DISCORD_CLIENT_ID && s.DISCORD_CLIENT_SECRET ? { clientId: s.DISCORD_CLIENT_ID, clientSecret: s.DISCORD_CLIENT_SECRET } : undefined;
  const base = (s.DISCORD_OAUTH_BASE ?? (fixed ? 'https://discord.com' : sandboxUrlOf(s))).replace(/\/+$/, '');
  const target: OAuthEndpoints['target'] = s.DISCORD_OAUTH_BASE ? 'custom' : fixed ? 'discord' : 'sandbox';
  const endpoints = { target, authorizeUrl: `${base}/oauth2/authorize`, apiBase: `${base}/api/v10` };
  let cached: Promise<ClientCredentials> | undefined;
  return {
    endpoints,
    credentials: () => {
      if (fixed) return Promise.resolve(fixed);
      cached ??= sandboxCredentials(base).catch((e: unknown) => {
        cached = undefined;
        throw e;
      });
      return cached;
    },
    invalidate: () => {
      cached = undefined;
    },
  };
};
