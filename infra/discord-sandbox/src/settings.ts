import { z } from 'zod';
import type { SandboxOptions } from './server.js';

/** Environment settings of `npm run sandbox`; every bad variable is named in the error. */
export const SandboxSettingsSchema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_SEED: z.coerce.number().int().default(1),
  /** Simulated events per minute; 0 turns the traffic simulator off. */
  SANDBOX_TRAFFIC_RATE: z.coerce.number().min(0).max(6000).default(30),
  SANDBOX_BOT_TOKEN: z.string().regex(/^[A-Za-z0-9._-]{10,}$/, 'must be 10+ characters of A-Z a-z 0-9 . _ -').optional(),
  SANDBOX_APPLICATION_ID: z.string().regex(/^\d{17,20}$/, 'must be a snowflake (17-20 digits)').optional(),
  /** Advertised base URL when clients reach the sandbox by another name (containers, k8s). */
  SANDBOX_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Extra small guilds with the bot in them (for many-guild benches). */
  SANDBOX_EXTRA_GUILDS: z.coerce.number().int().min(0).max(200).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type SandboxSettings = z.infer<typeof SandboxSettingsSchema>;

export class InvalidSettingsError extends Error {
  constructor(readonly issues: { variable: string; reason: string }[]) {
    super(`Invalid settings:\n  ${issues.map((i) => `${i.variable}: ${i.reason}`).join('\n  ')}`);
    this.name = 'InvalidSettingsError';
  }
}

export const loadSandboxSettings = (env: NodeJS.ProcessEnv = process.env): SandboxSettings => {
  // Empty variables count as unset, as in a typical .env file.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = SandboxSettingsSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new InvalidSettingsError(result.error.issues.map((i) => ({ variable: i.path.join('.') || '(env)', reason: i.message })));
};

/** Options for startSandbox from env settings, for launchers that start it in-process. */
export const sandboxOptionsFromSettings = (s: SandboxSettings): SandboxOptions => ({
  port: s.SANDBOX_PORT,
  host: s.SANDBOX_HOST,
  seed: s.SANDBOX_SEED,
  simulator: { enabled: s.SANDBOX_TRAFFIC_RATE > 0, eventsPerMinute: s.SANDBOX_TRAFFIC_RATE },
  ...(s.SANDBOX_EXTRA_GUILDS > 0 ? { extraGuilds: s.SANDBOX_EXTRA_GUILDS } : {}),
  ...(s.SANDBOX_BOT_TOKEN ? { botToken: s.SANDBOX_BOT_TOKEN } : {}),
  ...(s.SANDBOX_APPLICATION_ID ? { applicationId: s.SANDBOX_APPLICATION_ID } : {}),
  ...(s.SANDBOX_PUBLIC_URL ? { publicUrl: s.SANDBOX_PUBLIC_URL } : {}),
});
