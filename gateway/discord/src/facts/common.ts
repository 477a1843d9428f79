import { z } from 'zod';

/** Discord ids are snowflakes: decimal digits (the kernel's one schema). */
import { SnowflakeSchema } from '@guildhall/kernel';

export { SnowflakeSchema };

export const InstantSchema = z.iso.datetime({ offset: true });

/** A user as the fact saw it; names are what Discord sent at the time (they change). */
export const FactUserSchema = z.object({
  id: SnowflakeSchema,
  username: z.string().nullable(),
  globalName: z.string().nullable(),
  bot: z.boolean(),
});
export type FactUser = z.infer<typeof FactUserSchema>;

/** A guild member: the fields read models and moderation care about. */
export const FactMemberSchema = z.object({
  user: FactUserSchema,
  nick: z.string().nullable(),
  roleIds: z.array(SnowflakeSchema),
  joinedAt: InstantSchema.nullable(),
  /** When a timeout ends (Discord's communication_disabled_until); null when not timed out. */
  communicationDisabledUntil: InstantSchema.nullable(),
  pending: z.boolean(),
});
export type FactMember = z.infer<typeof FactMemberSchema>;

export const FactRoleSchema = z.object({
  id: SnowflakeSchema,
  name: z.string(),
  color: z.number().int(),
  position: z.number().int(),
  /** Permission bit set as a decimal string (it does not fit a double). */
  permissions: z.string().regex(/^\d+$/),
  managed: z.boolean(),
  hoist: z.boolean(),
  mentionable: z.boolean(),
});
export type FactRole = z.infer<typeof FactRoleSchema>;

export const FactChannelSchema = z.object({
  id: SnowflakeSchema,
  /** Discord's channel type number (0 text, 2 voice, 4 category, 5 announcement, ...). */
  type: z.number().int(),
  name: z.string().nullable(),
  parentId: SnowflakeSchema.nullable(),
  position: z.number().int().nullable(),
  topic: z.string().nullable(),
  nsfw: z.boolean(),
});
export type FactChannel = z.infer<typeof FactChannelSchema>;
