import { SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ChannelSchema, InstantSchema, RoleSchema } from './community-schemas.js';

/** Facts about channels and roles (CHANNEL_* / GUILD_ROLE_*), stream `community.guild.<guildId>`. */
export const guildStructureCommands = {
  RecordChannelCreated: z.object({ channel: ChannelSchema }),
  RecordChannelUpdated: z.object({ channel: ChannelSchema }),
  RecordChannelDeleted: z.object({ channel: ChannelSchema }),
  RecordRoleCreated: z.object({ role: RoleSchema }),
  RecordRoleUpdated: z.object({ role: RoleSchema }),
  /** GUILD_ROLE_DELETE carries the id only. */
  RecordRoleDeleted: z.object({ roleId: SnowflakeSchema }),
} as const;
export type GuildStructureCommand = CommandOf<typeof guildStructureCommands>;

const Channel = ChannelSchema.required();
const Role = RoleSchema.required();
/** Names of the fields that differ (all of them when the previous version was unknown). */
const changed = z.array(z.string());

export const ChannelCreatedSchema = z.object({ channel: Channel, at: InstantSchema });
export const ChannelUpdatedSchema = z.object({ channelId: SnowflakeSchema, before: Channel.nullable(), after: Channel, changed, at: InstantSchema });
export const ChannelDeletedSchema = z.object({ channel: Channel, at: InstantSchema });
export const RoleCreatedSchema = z.object({ role: Role, at: InstantSchema });
export const RoleUpdatedSchema = z.object({ roleId: SnowflakeSchema, before: Role.nullable(), after: Role, changed, at: InstantSchema });
/** `role` is the last version we knew of, null when we never saw it. */
export const RoleDeletedSchema = z.object({ roleId: SnowflakeSchema, role: Role.nullable(), at: InstantSchema });

export const guildStructureEvents = {
  ChannelCreated: ChannelCreatedSchema,
  ChannelUpdated: ChannelUpdatedSchema,
  ChannelDeleted: ChannelDeletedSchema,
  RoleCreated: RoleCreatedSchema,
  RoleUpdated: RoleUpdatedSchema,
  RoleDeleted: RoleDeletedSchema,
} as const;
export type GuildStructureEvent = EventOf<typeof guildStructureEvents>;
type Ev<T extends keyof typeof guildStructureEvents> = DomainEvent<T, z.output<(typeof guildStructureEvents)[T]>>;
export type ChannelCreated = Ev<'ChannelCreated'>;
export type ChannelUpdated = Ev<'ChannelUpdated'>;
export type ChannelDeleted = Ev<'ChannelDeleted'>;
export type RoleCreated = Ev<'RoleCreated'>;
export type RoleUpdated = Ev<'RoleUpdated'>;
export type RoleDeleted = Ev<'RoleDeleted'>;
