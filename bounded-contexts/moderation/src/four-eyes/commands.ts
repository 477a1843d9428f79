import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { MAX_BULK_TARGETS } from '../bulk-action/commands.js';

/**
 * The destructive acts a guild may put behind a second moderator. Generic on purpose: an act is a
 * kind plus the command it holds. `appeal-decision` holds appeals' DecideAppeal (the appeals
 * context's door to the gate, see four-eyes-handler.ts).
 */
export const FourEyesActSchema = z.enum(['ban', 'bulk-action', 'hide-case', 'appeal-decision']);
export type FourEyesAct = z.output<typeof FourEyesActSchema>;

/** A pending request expires after 5 minutes at the least and 7 days at the most. */
export const MIN_APPROVAL_EXPIRY_SECONDS = 300;
export const MAX_APPROVAL_EXPIRY_SECONDS = 7 * 24 * 3600;

export const FourEyesRulesSchema = z
  .object({
    /** The acts that wait for a second moderator; [] turns four-eyes off. */
    acts: z.array(FourEyesActSchema).max(FourEyesActSchema.options.length),
    /** A bulk action over at least this many members waits (when `bulk-action` is on). */
    bulkThreshold: z.number().int().min(2).max(MAX_BULK_TARGETS).default(10),
    /** How long a request waits before it expires. */
    expirySeconds: z.number().int().min(MIN_APPROVAL_EXPIRY_SECONDS).max(MAX_APPROVAL_EXPIRY_SECONDS).default(24 * 3600),
    /** Where the bot posts each pending request with Approve / Deny buttons; null: the dashboard only. */
    staffChannelId: SnowflakeSchema.nullable().default(null),
  })
  .strict()
  .refine((r) => new Set(r.acts).size === r.acts.length, { path: ['acts'], message: 'each act at most once' });
export type FourEyesRules = z.output<typeof FourEyesRulesSchema>;

/** Commands of the guild's four-eyes settings (stream `moderation.four-eyes.<guildId>`). */
export const fourEyesCommands = {
  ConfigureFourEyes: FourEyesRulesSchema,
} as const;
export type FourEyesCommand = CommandOf<typeof fourEyesCommands>;
