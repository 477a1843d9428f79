import { InfraError } from '@guildhall/kernel';
import type { Logger } from 'pino';
import { z } from 'zod';
import { sandboxUrlOf, type BotSettings } from './settings.js';

export type DiscordCredentials = Readonly<{
  token: string;
  /** REST base including `/api`; undefined = Discord itself. */
  apiBase: string | undefined;
  /** Where the credentials came from, for the logs and the status. */
  target: 'discord' | 'sandbox' | 'custom';
}>;

const SandboxBotSchema = z.object({ token: z.string().min(1), applicationId: z.string().min(1) });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * DISCORD_TOKEN → Discord (or DISCORD_API_BASE when set). No token → ask the sandbox for the
 * bot's credentials (GET /_sandbox/bot), retrying while it starts, up to `waitMs`.
 */
export const resolveCredentials = async (
  settings: Pick<BotSettings, 'DISCORD_TOKEN' | 'DISCORD_API_BASE' | 'SANDBOX_URL' | 'SANDBOX_PORT'>,
  logger: Logger,
  waitMs = 30_000,
): Promise<DiscordCredentials> => {
  if (settings.DISCORD_TOKEN) {
    return {
      token: settings.DISCORD_TOKEN,
      apiBase: settings.DISCORD_API_BASE,
      target: settings.DISCORD_API_BASE ? 'custom' : 'discord',
    };
  }
  const base = sandboxUrlOf(settings);
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${base}/_sandbox/bot`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const parsed = SandboxBotSchema.safeParse(await res.json());
      if (!parsed.success) {
        throw new InfraError('INVALID_SETTINGS', `${base}/_sandbox/bot did not return {token, applicationId}: is SANDBOX_URL a Discord sandbox?`, {
          url: base,
        });
      }
      return { token: parsed.data.token, apiBase: settings.DISCORD_API_BASE ?? `${base}/api`, target: 'sandbox' };
    } catch (e) {
      if (e instanceof InfraError) throw e;
      if (Date.now() > deadline) {
        throw new InfraError(
          'SANDBOX_UNREACHABLE',
          `no DISCORD_TOKEN, and the sandbox at ${base} did not answer (${(e as Error).message}); start it (npm run sandbox) or set DISCORD_TOKEN`,
          { url: base },
        );
      }
      if (attempt === 1) logger.info({ sandbox: base }, 'waiting for the Discord sandbox');
      await sleep(Math.min(2_000, 100 * 2 ** attempt));
    }
  }
};
