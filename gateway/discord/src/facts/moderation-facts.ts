import { z } from 'zod';
import { FactUserSchema, InstantSchema, SnowflakeSchema } from './common.js';

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

/**
 * The guild's sanctions as Discord has them when the bot (re)connects, published after the
 * guild snapshot and the audit-log catch-up: every ban (paged), the members' timeouts, and the
 * catch-up's entries again (so moderation knows who did what without waiting for them).
 */
export const SanctionsSnapshotSchema = z.object({
  snapshotId: z.string().min(1),
  bans: z.array(z.object({ user: FactUserSchema, reason: z.string().nullable() })),
  /** Every member was listed (the gateway member fetch completed): timeouts can be compared. */
  timeoutsKnown: z.boolean(),
  /** Members whose communication_disabled_until is in the future. */
  timeouts: z.array(z.object({ user: FactUserSchema, until: InstantSchema })),
  /** The audit-log entries the catch-up found since the last one the bot had seen (oldest first). */
  audit: z.array(AuditLogEntrySchema),
});

export const moderationFacts = {
  'ban-added': BanAddedSchema,
  'ban-removed': BanRemovedSchema,
  'audit-log-entry': AuditLogEntrySchema,
  'sanctions-snapshot': SanctionsSnapshotSchema,
} as const;
