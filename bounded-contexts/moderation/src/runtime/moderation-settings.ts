import { CommonSettingsSchema, natsName, parseSettings } from '@guildhall/eventing';
import { z } from 'zod';

const ms = (min: number) => z.coerce.number().int().min(min);

/** The moderation service's settings: the common ones plus its tunables. */
export const ModerationSettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  MODERATION_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
  /** Process manager: its durable consumer, commits reacted to at once, redelivery timeout. */
  MODERATION_PROCESS_CONSUMER: natsName.default('moderation-process'),
  MODERATION_PROCESS_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  MODERATION_PROCESS_ACK_WAIT_MS: ms(500).default(30_000),
  /** How often the expiry scheduler looks for due bans and timeouts. */
  EXPIRY_TICK_MS: ms(50).default(1_000),
});
export type ModerationSettings = z.infer<typeof ModerationSettingsSchema>;

/** INVALID_SETTINGS names every bad variable. */
export const loadModerationSettings = (env: NodeJS.ProcessEnv = process.env): ModerationSettings =>
  parseSettings(ModerationSettingsSchema, env);
