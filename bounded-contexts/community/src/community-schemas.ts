import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';

export const InstantSchema = z.iso.datetime();

/** A Discord user as the gateway saw it. */
export const DiscordUserSchema = z.object({
  id: SnowflakeSchema,
  username: z.string().min(1).max(100),
  globalName: z.string().max(100).nullable().default(null),
  bot: z.boolean().default(false),
});
export type DiscordUser = z.output<typeof DiscordUserSchema>;

/** Role ids of a member: a set, kept sorted so equal sets compare equal. */
export const RoleIdsSchema = z
  .array(SnowflakeSchema)
  .max(250)
  .default([])
  .transform((ids) => [...new Set(ids)].sort());

export const NicknameSchema = z.string().min(1).max(32).nullable().default(null);

/** Discord message content; embeds-only messages have none. */
export const ContentSchema = z.string().max(4000);

export const ChannelSchema = z.object({
  id: SnowflakeSchema,
  name: z.string().min(1).max(100),
  /** Discord's channel type number (0 text, 2 voice, 4 category, 5 announcement, 13 stage, 15 forum, ...). */
  type: z.number().int().min(0),
  parentId: SnowflakeSchema.nullable().default(null),
  position: z.number().int().default(0),
  topic: z.string().max(4096).nullable().default(null),
  nsfw: z.boolean().default(false),
});
export type Channel = z.output<typeof ChannelSchema>;

export const RoleSchema = z.object({
  id: SnowflakeSchema,
  name: z.string().min(1).max(100),
  color: z.number().int().min(0).max(0xffffff).default(0),
  position: z.number().int().default(0),
  /** The permission bitfield as Discord sends it: a decimal string (it does not fit a double). */
  permissions: z.string().regex(/^\d{1,30}$/, 'must be a decimal permission bitfield'),
  hoist: z.boolean().default(false),
  mentionable: z.boolean().default(false),
  managed: z.boolean().default(false),
});
export type Role = z.output<typeof RoleSchema>;
