import { z } from 'zod';
import { InstantSchema, SnowflakeSchema } from './common.js';

/**
 * Presence, aggregated: how many members are in each status at the end of a window, not one
 * fact per presence change (a busy guild sends thousands a minute).
 */
export const PresenceCountsSchema = z.object({
  windowStart: InstantSchema,
  windowEnd: InstantSchema,
  counts: z.object({
    online: z.number().int().nonnegative(),
    idle: z.number().int().nonnegative(),
    dnd: z.number().int().nonnegative(),
    offline: z.number().int().nonnegative(),
  }),
  /** Presence updates seen in the window. */
  updates: z.number().int().nonnegative(),
});

const VoiceSchema = z.object({
  channelId: SnowflakeSchema.nullable(),
  selfMute: z.boolean(),
  selfDeaf: z.boolean(),
  serverMute: z.boolean(),
  serverDeaf: z.boolean(),
  streaming: z.boolean(),
});

export const VoiceStateUpdatedSchema = z.object({
  userId: SnowflakeSchema,
  /** Null when the bot had no earlier state cached. */
  before: VoiceSchema.nullable(),
  after: VoiceSchema,
});

export const activityFacts = {
  'presence-counts': PresenceCountsSchema,
  'voice-state-updated': VoiceStateUpdatedSchema,
} as const;
