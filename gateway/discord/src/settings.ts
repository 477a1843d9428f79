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

const positiveInt = z.coerce.number().int().positive();

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** "0,1" → [0, 1]; each a shard id. */
const shardList = z
  .string()
  .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be a comma-separated list of shard ids, e.g. "0,1"')
  .transform((v) => [...new Set(v.split(',').map((s) => Number(s.trim())))].sort((a, b) => a - b));

/**
 * Which guilds' message content the bot may put in facts: `all`, `none`, or a comma list of
 * guild ids. Discord also needs the MessageContent intent for content to arrive at all.
 */
const contentPolicy = z
  .string()
  .regex(/^(all|none|\d{1,20}(,\d{1,20})*)$/, 'must be all, none, or a comma-separated list of guild ids')
  .transform((v): ContentPolicy => (v === 'all' ? { kind: 'all' } : v === 'none' ? { kind: 'none' } : { kind: 'guilds', guildIds: v.split(',') }));
export type ContentPolicy = Readonly<{ kind: 'all' } | { kind: 'none' } | { kind: 'guilds'; guildIds: readonly string[] }>;

/**
 * The bot's settings. With DISCORD_TOKEN and no DISCORD_API_BASE it talks to Discord; without a
 * token it asks the sandbox at SANDBOX_URL for its credentials and talks to the sandbox.
 */
export const BotSettingsSchema = CommonSettingsSchema.extend({
  DISCORD_TOKEN: z.string().min(1).optional(),
  /** REST base including `/api` (discord.js appends `/v10/...`), e.g. http://127.0.0.1:8081/api. */
  DISCORD_API_BASE: httpUrl.optional(),
  SANDBOX_PORT: z.coerce.number().int().min(1).max(65_535).default(8081),
  /** The sandbox's base URL (control API at /_sandbox); default http://127.0.0.1:$SANDBOX_PORT. */
  SANDBOX_URL: httpUrl.optional(),
  /** The shard ids this replica runs; default: all of DISCORD_SHARD_COUNT. */
  DISCORD_SHARDS: shardList.optional(),
  DISCORD_SHARD_COUNT: positiveInt.default(1),
  DISCORD_MESSAGE_CONTENT: contentPolicy.default({ kind: 'all' }),
  /** Ask for the privileged GuildPresences intent (presence counts). */
  DISCORD_PRESENCES: bool.default(true),
  /** The rest of the command bus's names (must match the handlers'; defaults are the bus's). */
  /** The DISCORD facts stream. */
  DISCORD_STREAM: token.default('DISCORD'),
  DISCORD_SUBJECT_PREFIX: token.default('discord'),
  DISCORD_FACT_MAX_AGE_DAYS: z.coerce.number().positive().max(3650).default(7),
  /** Durable consumer names (fact router on DISCORD, executor on EVENTS: `<name>-<context>`). */
  FACT_ROUTER_CONSUMER: token.default('fact-router'),
  ACTION_CONSUMER: token.default('discord-actions'),
  /** Contexts whose events ask for Discord actions. */
  ACTION_CONTEXTS: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$/, 'must be a comma-separated list of context names')
    .default('moderation,messaging,automation')
    .transform((v) => v.split(',')),
  /** Actions carried out at once (different targets; one target's actions run in order). */
  ACTION_CONCURRENCY: positiveInt.max(512).default(16),
  /** How long an unacknowledged action waits before another replica (or a restart) takes it over. */
  ACTION_ACK_WAIT_MS: positiveInt.min(500).default(30_000),
  /** Keep retrying Discord's 5xx / network errors this long after the request, then record a failure. */
  ACTION_GIVE_UP_MS: positiveInt.default(3_600_000),
  /** Discord's global request limit for this bot (50/s unless Discord raised it); discord.js paces to it. */
  DISCORD_REQUESTS_PER_SECOND: positiveInt.max(100_000).default(50),
  /** First backoff delay of those retries (doubles up to 30 s). */
  ACTION_RETRY_BASE_MS: positiveInt.default(500),
  /** Presence counts are published at most once per window per guild. */
  PRESENCE_WINDOW_MS: positiveInt.min(1_000).default(30_000),
  STATUS_INTERVAL_MS: positiveInt.min(100).default(5_000),
  /** Health is published on `<prefix>.<instance>` and kept in the KV bucket. */
  STATUS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/).default('bot.status'),
  STATUS_BUCKET: token.default('BOT_STATUS'),
  BOT_INSTANCE_ID: token.optional(),
  /** Register slash commands in each guild at start. */
  SLASH_COMMANDS: bool.default(true),
  /** The music player (voice), its driver on the music session's events, and the library scan. */
  MUSIC: bool.default(true),
  /** Folder of audio files scanned into every guild's library at start (relative to the working directory). */
  MUSIC_LIBRARY_DIR: z.string().min(1).default('var/music'),
  /** Write the generated demo tracks (Demo 1 — … to Demo 5 — …) into the library folder when missing. */
  MUSIC_DEMO_LIBRARY: bool.default(true),
  /** How long a slash command waits for the case and Discord's outcome before replying "still working". */
  SLASH_REPLY_WAIT_MS: positiveInt.max(840_000).default(10_000),
  /** Guildhall grants: comma list of `<guildId>:<roleId>` whose members may use every moderation command. */
  GUILDHALL_MODERATOR_ROLES: z
    .string()
    .regex(/^(\d{1,20}:\d{1,20}(,\d{1,20}:\d{1,20})*)?$/, 'must be a comma-separated list of <guildId>:<roleId>')
    .default('')
    .transform((v) => (v === '' ? [] : v.split(',').map((p) => ({ guildId: p.split(':')[0]!, roleId: p.split(':')[1]! })))),
}).refine((s) => (s.DISCORD_SHARDS ?? []).every((id) => id < s.DISCORD_SHARD_COUNT), {
  path: ['DISCORD_SHARDS'],
  message: 'every shard id must be below DISCORD_SHARD_COUNT',
});
export type BotSettings = z.infer<typeof BotSettingsSchema>;

/** Empty variables count as unset (as in a typical .env file). */
export const loadBotSettings = (env: NodeJS.ProcessEnv = process.env): BotSettings =>
  parseSettings(BotSettingsSchema as unknown as z.ZodObject, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))) as BotSettings;

/** The shard ids to run: the configured list, or every shard of the count. */
export const shardIdsOf = (s: Pick<BotSettings, 'DISCORD_SHARDS' | 'DISCORD_SHARD_COUNT'>): number[] =>
  s.DISCORD_SHARDS ?? Array.from({ length: s.DISCORD_SHARD_COUNT }, (_, i) => i);

export const sandboxUrlOf = (s: Pick<BotSettings, 'SANDBOX_URL' | 'SANDBOX_PORT'>): string =>
  (s.SANDBOX_URL ?? `http://127.0.0.1:${s.SANDBOX_PORT}`).replace(/\/+$/, '');

export const contentAllowed = (policy: ContentPolicy, guildId: string): boolean =>
  policy.kind === 'all' || (policy.kind === 'guilds' && policy.guildIds.includes(guildId));
