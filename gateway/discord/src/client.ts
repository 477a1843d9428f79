import { Client, GatewayIntentBits, Options, Partials, REST } from 'discord.js';

export type DiscordClientOptions = Readonly<{
  /** REST base including `/api`; undefined = Discord itself. */
  apiBase: string | undefined;
  shards: readonly number[];
  shardCount: number;
  presences: boolean;
  /** Ask for message content (privileged); off when no guild may have its content captured. */
  messageContent: boolean;
  /** How long discord.js waits for missing GUILD_CREATEs before READY (Discord: 15 s). */
  waitGuildTimeoutMs?: number;
}>;

/**
 * The intents Guildhall needs: guilds (roles, channels), members (joins, leaves, roles —
 * privileged), moderation (bans, audit log), guild messages and their content (privileged),
 * voice states, and presences (privileged, optional) for the aggregated counts.
 */
export const guildhallIntents = (presences: boolean, messageContent: boolean): GatewayIntentBits[] => [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildVoiceStates,
  ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
  ...(presences ? [GatewayIntentBits.GuildPresences] : []),
];

/**
 * A discord.js client for the given shards (gateway, ingest, slash commands). Messages stay
 * cached so edits and deletes can carry the content before the change.
 */
export const createDiscordClient = (opts: DiscordClientOptions): Client =>
  new Client({
    intents: guildhallIntents(opts.presences, opts.messageContent),
    partials: [Partials.Message, Partials.GuildMember, Partials.User, Partials.Channel],
    shards: [...opts.shards],
    shardCount: opts.shardCount,
    rest: { ...(opts.apiBase ? { api: opts.apiBase } : {}) },
    waitGuildTimeout: opts.waitGuildTimeoutMs ?? 15_000,
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 500 }),
    // Mentions in our messages never ping @everyone or roles unless an action says so.
    allowedMentions: { parse: ['users'] },
  });

/**
 * The action executor's own REST client: no gateway needed, so any replica can carry out any
 * guild's actions. 429s are waited out by discord.js; 5xx and network errors are not retried
 * here (retries: 0) because the executor retries them with backoff and a deadline. discord.js
 * also paces all requests to Discord's global limit (50/s unless Discord raised it for the bot).
 */
export const createActionRest = (apiBase: string | undefined, token: string, requestsPerSecond = 50, timeoutMs = 15_000): REST =>
  new REST({ ...(apiBase ? { api: apiBase } : {}), retries: 0, timeout: timeoutMs, globalRequestsPerSecond: requestsPerSecond }).setToken(token);
