import type { Hono } from 'hono';
import type { RESTGetAPIGatewayBotResult, RESTGetAPIGatewayResult } from 'discord-api-types/v10';
import type { RestDeps, RestEnv } from './env.js';
import { botId, json } from './helpers.js';

export const registerGatewayRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  app.get('/gateway', () => json({ url: deps.gatewayUrl() } satisfies RESTGetAPIGatewayResult));
  app.get('/gateway/bot', (c) => {
    botId(c);
    const body: RESTGetAPIGatewayBotResult = {
      url: deps.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    };
    return json(body);
  });
};
