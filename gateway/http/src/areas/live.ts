import { guildChangesSince, isApiTokenLive, latestPosition } from '@guildhall/projections';
import { metrics } from '@guildhall/eventing';
import { streamSSE } from 'hono/streaming';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { GuildParams } from '../api/schemas.js';
import type { AppDeps } from '../http/app-env.js';
import type { Principal } from '../http/principal.js';

const KEEPALIVE_MS = 15_000;

/** Whether the caller may still watch the guild: a revoked or demoted session's (or revoked token's) stream closes. */
const stillAllowed = async (deps: AppDeps, p: Principal, guildId: string): Promise<boolean> => {
  if (p.kind === 'token') return isApiTokenLive(deps.pool, guildId, p.tokenId);
  if (!(await deps.sessions.isLive(p.sessionId))) return false;
  const g = await deps.levels.guildFor(p, guildId);
  return g !== null && g.level !== null;
};

/**
 * `GET /guilds/{guildId}/live`: Server-Sent Events for the dashboard's cache invalidation.
 *   event: hello       id: <position>  data: { guildId, bot, position }
 *   event: rm          id: <position>  data: { model, position }   a read model of this guild now includes position
 *   event: bot-status                  data: BotStatusView
 * Ids are store positions: a reconnect sends `Last-Event-ID` (the browser does it by itself) and
 * first gets an `rm` for every model that moved past it while the guild changed, so nothing is
 * missed. The stream closes when the session is ended or loses the guild, or the token is revoked.
 */
export const liveArea = (deps: AppDeps, options: Readonly<{ recheckMs: number }>) => {
  const app = newApiApp();
  app.openapi(
    apiRoute(deps, {
      operationId: 'streamLive', method: 'get', path: '/guilds/{guildId}/live', tags: ['live'], summary: 'Server-Sent Events: read-model changes and the bot status', access: guildRule('viewer', 'cases:read'),
      request: { params: GuildParams, headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,15}$/, 'must be a position').optional() }) },
      responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } } },
    }),
    (c) => {
      const guildId = c.var.guild.id;
      const principal = c.var.principal!;
      const resumeFrom = c.req.valid('header')['last-event-id'];
      c.header('Cache-Control', 'no-cache, no-transform');
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, async (stream) => {
        // Writes are chained so events keep their order and never interleave.
        let chain: Promise<unknown> = Promise.resolve();
        const send = (event: string, data: unknown, id?: number) => {
          chain = chain.then(() => stream.writeSSE({ event, data: JSON.stringify(data), ...(id !== undefined ? { id: String(id) } : {}) })).catch(() => undefined);
        };
        let finish: () => void = () => undefined;
        const ended = new Promise<void>((resolve) => {
          finish = resolve;
        });
        stream.onAbort(() => finish());
        metrics.sseClientOpened();
        void ended.then(() => metrics.sseClientClosed());
        // Subscribe first, then replay: a change in between is sent twice at worst, never lost.
        const offRm = deps.hub.subscribe(guildId, (change) => send('rm', { model: change.model, position: change.position }, change.position));
        const offBot = deps.botStatus.onChange((status) => send('bot-status', status));
        const keepalive = setInterval(() => {
          chain = chain.then(() => stream.write(': keepalive\n\n')).catch(() => undefined);
        }, KEEPALIVE_MS);
        const recheck = setInterval(() => {
          void stillAllowed(deps, principal, guildId).then(
            (ok) => {
              if (!ok) {
                send('closed', { reason: 'the session or token no longer has access' });
                chain = chain.then(() => stream.close()).catch(() => undefined).finally(() => finish());
              }
            },
            () => undefined,
          );
        }, options.recheckMs);
        await stream.write('retry: 2000\n\n');
        const position = await latestPosition(deps.pool);
        if (resumeFrom !== undefined) {
          for (const m of await guildChangesSince(deps.pool, guildId, Number(resumeFrom))) send('rm', m, m.position);
        }
        send('hello', { guildId, bot: deps.botStatus.latest(), position }, resumeFrom === undefined ? position : undefined);
        if (!stream.aborted) await ended;
        clearInterval(keepalive);
        clearInterval(recheck);
        offRm();
        offBot();
      });
    },
  );
  return app;
};
