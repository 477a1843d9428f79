import { z } from 'zod';
import { FactUserSchema, SnowflakeSchema } from './common.js';

export const BanAddedSchema = z.object({ user: FactUserSchema });
export const BanRemovedSchema = z.object({ user: FactUserSchema });

const ChangeSchema = z.object({ key: z.string(), old: z.unknown().optional(), new: z.unknown().optional() });

/** GUILD_AUDIT_LOG_ENTRY_CREATE: who did what to whom, and why. */
export const AuditLogEntrySchema = z.object({
  entryId: SnowflakeSchema,
  /** Discord's AuditLogEvent number (20 kick, 22 ban, 23 unban, 24 member update, ...). */
  actionType: z.number().int(),
  /** Its name, for people reading the stream (MemberBanAdd, ...). */
  actionName: z.string(),
  executor: FactUserSchema.nullable(),
  /** The executor is this bot (Guildhall acted). */
  executorIsSelf: z.boolean(),
  targetId: z.string().nullable(),
  /** The target user when the target is one and the bot knows them. */
  targetUser: FactUserSchema.nullable(),
  reason: z.string().nullable(),
  changes: z.array(ChangeSchema),
  options: z.record(z.string(), z.unknown()).nullable(),
});

export const moderationFacts = {
  'ban-added': BanAddedSchema,
  'ban-removed': BanRemovedSchema,
  'audit-log-entry': AuditLogEntrySchema,
} as const;
