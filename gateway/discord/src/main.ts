import { createLogger } from '@guildhall/eventing';
import { InfraError } from '@guildhall/kernel';
import { startBot } from './bot.js';
import { loadBotSettings, type BotSettings } from './settings.js';

/** The bot service: `npm start` runs it after the sandbox and the handlers; logs `ready` once serving. */
const main = async (): Promise<void> => {
  let settings: BotSettings;
  try {
    settings = loadBotSettings();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const logger = createLogger('discord-bot', settings.LOG_LEVEL);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({ settings, logger });
  } catch (err) {
    logger.fatal({ err, code: err instanceof InfraError ? err.code : undefined }, 'bot could not start');
    process.exit(1);
  }
  logger.info({ instanceId: bot.instanceId, target: bot.credentials.target, apiBase: bot.credentials.apiBase ?? 'discord.com' }, 'ready');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void bot.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
};

void main();
