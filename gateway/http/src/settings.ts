import { CommonSettingsSchema, parseSettings } from '@guildhall/eventing';
import { z } from 'zod';

const token = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must match [A-Za-z0-9_-]+ (a NATS name)');

const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const port = z.coerce.number().int().min(0).max(65_535);

/**
 * The dashboard + API service's settings. OAuth2 goes to, in order: DISCORD_OAUTH_BASE when set
 * (a Discord-compatible server), Discord itself when DISCORD_CLIENT_ID/SECRET are set, else the
 * sandbox at SANDBOX_URL (whose client credentials are read from its control API).
 */
export const HttpSettingsSchema = CommonSettingsSchema.extend({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Where browsers reach the dashboard: the OAuth2 redirect URI and the allowed Origin derive from it. */
  PUBLIC_URL: httpUrl.optional(),
  /** Keys the hash under which session ids are stored; at least 32 characters. Unset: a random one per process (dev only: sessions die with it). */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  DISCORD_CLIENT_ID: z.string().regex(/^\d{1,20}$/, 'must be a Discord application id').optional(),
  DISCORD_CLIENT_SECRET: z.string().min(1).optional(),
  /** A Discord-compatible OAuth2 server (`/oauth2/authorize`, `/api/v10/...`), e.g. the sandbox elsewhere. */
  DISCORD_OAUTH_BASE: httpUrl.optional(),
  SANDBOX_PORT: port.default(8081),
  /** The sandbox's base URL; default http://localhost:$SANDBOX_PORT. */
  SANDBOX_URL: httpUrl.optional(),
  /** Requests a minute per session, token or (anonymous) IP; mutating calls; login attempts per IP. Shared by every replica. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RATE_LIMIT_COMMANDS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** The rest of the command bus's names (must match the handlers'; defaults are the bus's). */
  /** How long a command request waits for the handler's decision before answering 202 pending. */
  COMMAND_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3_000),
  /** The bot's health: `<prefix>.<instance>` (core NATS) and the KV bucket it keeps the last one in. */
  STATUS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/).default('bot.status'),
  STATUS_BUCKET: token.default('BOT_STATUS'),
  /** The built dashboard (vite build output); default ui/dist of this repository. */
  UI_DIST: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
}).refine((s) => (s.DISCORD_CLIENT_ID === undefined) === (s.DISCORD_CLIENT_SECRET === undefined), {
  path: ['DISCORD_CLIENT_SECRET'],
  message: 'DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET go together',
}).refine((s) => s.SESSION_SECRET !== undefined || s.NODE_ENV !== 'production', {
  path: ['SESSION_SECRET'],
  message: 'required when NODE_ENV=production',
});
export type HttpSettings = z.infer<typeof HttpSettingsSchema>;

/** Empty variables count as unset (as in a typical .env file); INVALID_SETTINGS names every bad one. */
export const loadHttpSettings = (env: NodeJS.ProcessEnv = process.env): HttpSettings =>
  parseSettings(HttpSettingsSchema as unknown as z.ZodObject, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))) as HttpSettings;

export const publicUrlOf = (s: Pick<HttpSettings, 'PUBLIC_URL' | 'PORT'>): string =>
  (s.PUBLIC_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, '');

export const sandboxUrlOf = (s: Pick<HttpSettings, 'SANDBOX_URL' | 'SANDBOX_PORT'>): string =>
  (s.SANDBOX_URL ?? `http://localhost:${s.SANDBOX_PORT}`).replace(/\/+$/, '');
