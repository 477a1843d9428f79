/**
 * The bot service (`npm start` runs it after the sandbox and the handlers): on the one service shell,
 * so it logs `ready` once the gateway is READY, serves `/healthz`, `/readyz` (NATS and the Discord
 * gateway) and `/metrics`, and stops cleanly on SIGTERM/SIGINT.
 */
import { natsReady, runService } from '@guildhall/eventing';
import { startBot } from './bot.js';
import { loadBotSettings } from './settings.js';

await runService('discord-bot', () => loadBotSettings(), async (settings, logger) => {
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const bot = await startBot({ settings, logger });
  return {
    readyInfo: { instanceId: bot.instanceId, target: bot.credentials.target, apiBase: bot.credentials.apiBase ?? 'discord.com' },
    checks: {
      nats: natsReady(bot.nc),
      discord: () => {
        if (!bot.client.isReady()) throw new Error(`gateway not ready (status ${bot.client.ws.status})`);
      },
    },
    stop: () => bot.stop(),
  };
});
