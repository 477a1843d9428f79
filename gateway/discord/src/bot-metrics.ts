import { metrics } from '@guildhall/eventing';
import { Events, RESTEvents, type Client, type REST } from 'discord.js';

const PING_EVERY_MS = 5_000;

/** `guildhall_discord_rest_requests_total{status}` and `guildhall_discord_rate_limited_total` for a REST client. */
export const instrumentRest = (rest: REST): REST => {
  rest.on(RESTEvents.Response, (_request, response) => metrics.discordRest(response.status));
  rest.on(RESTEvents.RateLimited, () => metrics.discordRateLimited());
  return rest;
};

/**
 * The gateway's metrics for a client, wired before login: `guildhall_bot_connected{shard}`,
 * `guildhall_bot_reconnects_total`, `guildhall_bot_gateway_ping_seconds` (sampled every 5 s), and
 * its REST client's calls. Returns the function that stops the sampling.
 */
export const instrumentDiscordClient = (client: Client, shards: readonly number[]): (() => void) => {
  for (const shard of shards) metrics.botConnected(shard, false);
  client.on(Events.ShardReady, (shard) => metrics.botConnected(shard, true));
  client.on(Events.ShardResume, (shard) => {
    metrics.botConnected(shard, true);
    metrics.botReconnected();
  });
  client.on(Events.ShardDisconnect, (_event, shard) => metrics.botConnected(shard, false));
  client.on(Events.ShardReconnecting, (shard) => metrics.botConnected(shard, false));
  instrumentRest(client.rest);
  const sample = setInterval(() => {
    if (client.ws.ping >= 0) metrics.botPing(client.ws.ping / 1000);
  }, PING_EVERY_MS);
  sample.unref();
  return () => clearInterval(sample);
};
