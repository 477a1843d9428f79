import type { Hono } from 'hono';
import { metrics } from '@guildhall/eventing';
import { streamSSE } from 'hono/streaming';
import type { AppDeps, AppEnv } from '../http/app-env.js';

const KEEPALIVE_MS = 15_000;

/**
 * `GET /api/guilds/:guildId/live`: Server-Sent Events for the dashboard's cache invalidation.
 *   event: rm          data: { model, position }   a read model of this guild now includes position
 *   event: bot-status  data: BotStatusView          the bot's health, as it publishes it
 * A comment line every 15 s keeps proxies from closing an idle stream.
 */
export const registerLiveRoutes = (app: Hono<AppEnv>, deps: AppDeps): void => {
  app.get('/api/guilds/:guildId/live', (c) => {
    const guildId = c.var.guild.id;
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      // Writes are chained so events keep their order and never interleave.
      let chain: Promise<unknown> = Promise.resolve();
      const send = (event: string, data: unknown) => {
        chain = chain.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(() => undefined);
      };
      const offRm = deps.hub.subscribe(guildId, (change) => send('rm', { model: change.model, position: change.position }));
      const offBot = deps.botStatus.onChange((status) => send('bot-status', status));
      const keepalive = setInterval(() => {
        chain = chain.then(() => stream.write(': keepalive\n\n')).catch(() => undefined);
      }, KEEPALIVE_MS);
      metrics.sseClientOpened();
      try {
        await stream.write('retry: 2000\n\n');
        send('hello', { guildId, bot: deps.botStatus.latest() });
        if (!stream.aborted) await new Promise<void>((resolve) => stream.onAbort(resolve));
      } finally {
        metrics.sseClientClosed();
      }
      clearInterval(keepalive);
      offRm();
      offBot();
    });
  });
};
