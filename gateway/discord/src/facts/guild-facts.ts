import { z } from 'zod';
import { FactChannelSchema, FactMemberSchema, FactRoleSchema, SnowflakeSchema } from './common.js';

/**
 * The guild as the bot found it on READY / GUILD_CREATE, so read models can start from truth.
 * Members come in separate chunks (a big guild does not fit one message).
 */
export const GuildSnapshotSchema = z.object({
  snapshotId: z.string().min(1),
  guild: z.object({
    id: SnowflakeSchema,
    name: z.string(),
    ownerId: SnowflakeSchema,
    memberCount: z.number().int().nonnegative(),
    icon: z.string().nullable(),
  }),
  roles: z.array(FactRoleSchema),
  channels: z.array(FactChannelSchema),
  memberChunkCount: z.number().int().nonnegative(),
  /** Why it was taken: the session became ready, or the guild (re)appeared. */
  trigger: z.enum(['ready', 'guild-create']),
});

export const GuildMembersChunkSchema = z.object({
  snapshotId: z.string().min(1),
  chunkIndex: z.number().int().nonnegative(),
  chunkCount: z.number().int().positive(),
  members: z.array(FactMemberSchema),
});

export const RoleChangedSchema = z.object({ role: FactRoleSchema });
export const RoleDeletedSchema = z.object({ roleId: SnowflakeSchema });
export const ChannelChangedSchema = z.object({ channel: FactChannelSchema });
export const ChannelDeletedSchema = z.object({ channel: FactChannelSchema });

export const guildFacts = {
  'guild-snapshot': GuildSnapshotSchema,
  'guild-members-chunk': GuildMembersChunkSchema,
  'role-created': RoleChangedSchema,
  'role-updated': RoleChangedSchema,
  'role-deleted': RoleDeletedSchema,
  'channel-created': ChannelChangedSchema,
  'channel-updated': ChannelChangedSchema,
  'channel-deleted': ChannelDeletedSchema,
} as const;
