import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';

/** Longest retention one may set: ten years. */
export const MAX_RETENTION_DAYS = 3650;

/** Commands of a guild's retention settings (stream `access.retention.<guildId>`; its events are the settings' history). */
export const retentionCommands = {
  SetRetention: z.object({
    /** Message content is shredded this many days after it was written; null keeps it. */
    messageContentDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable(),
  }),
} as const;
export type RetentionCommand = CommandOf<typeof retentionCommands>;
