import { CommonSettingsSchema, parseSettings } from '@guildhall/eventing';
import { z } from 'zod';

const token = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must match [A-Za-z0-9_-]+ (a NATS name)');
const ms = (min: number) => z.coerce.number().int().min(min);

/** The moderation service's settings: the common ones plus its tunables (names as the bot uses them). */
export const ModerationSettingsSchema = CommonSettingsSchema.extend({
  /** The rest of the command bus's names (must match every sender's; defaults are the bus's). */
  COMMAND_RESULTS_BUCKET: token.default('COMMAND_RESULTS'),
  DEAD_LETTERS_STREAM: token.default('DEAD_LETTERS'),
  DEAD_LETTERS_SUBJECT_PREFIX: token.default('dlq'),
  /** Redelivery timeout of a command whose worker died. */
  COMMAND_ACK_WAIT_MS: ms(500).default(30_000),
  /** Commands decided at once by this worker. */
  MODERATION_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
  /** Process manager: its durable consumer, commits reacted to at once, redelivery timeout. */
  MODERATION_PROCESS_CONSUMER: token.default('moderation-process'),
  MODERATION_PROCESS_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  MODERATION_PROCESS_ACK_WAIT_MS: ms(500).default(30_000),
  /** How often the expiry scheduler looks for due bans and timeouts. */
  EXPIRY_TICK_MS: ms(50).default(1_000),
});
export type ModerationSettings = z.infer<typeof ModerationSettingsSchema>;

/** Empty variables count as unset (as in a typical .env file); INVALID_SETTINGS names every bad one. */
export const loadModerationSettings = (env: NodeJS.ProcessEnv = process.env): ModerationSettings =>
  parseSettings(ModerationSettingsSchema, Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
