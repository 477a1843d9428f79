import { SnowflakeSchema, type CommandOf, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { DiscordUserSchema, InstantSchema, NicknameSchema, RoleIdsSchema } from './community-schemas.js';

/** Facts about a member (GUILD_MEMBER_ADD / _UPDATE / _REMOVE), stream `community.member.<guildId>-<userId>`. */
export const memberCommands = {
  RecordMemberJoined: z.object({ user: DiscordUserSchema, joinedAt: InstantSchema, roles: RoleIdsSchema, nickname: NicknameSchema }),
  /** GUILD_MEMBER_UPDATE: the member's roles and nickname as they are now. */
  RecordMemberUpdated: z.object({ user: DiscordUserSchema, roles: RoleIdsSchema, nickname: NicknameSchema }),
  RecordMemberLeft: z.object({ user: DiscordUserSchema }),
} as const;
export type MemberCommand = CommandOf<typeof memberCommands>;

const roleIds = z.array(SnowflakeSchema);

export const MemberJoinedSchema = z.object({
  user: DiscordUserSchema,
  joinedAt: InstantSchema,
  roles: roleIds,
  nickname: z.string().nullable(),
  /** True when Guildhall had seen this member in the guild before (a rejoin). */
  rejoined: z.boolean(),
});
export const MemberLeftSchema = z.object({
  user: DiscordUserSchema,
  leftAt: InstantSchema,
  /** From the join we recorded; null when the member joined before Guildhall watched. */
  joinedAt: InstantSchema.nullable(),
  /** The roles they had when they left, when known. */
  roles: roleIds.nullable(),
});
export const MemberRolesChangedSchema = z.object({
  user: DiscordUserSchema,
  /** null when Guildhall did not know the roles before. */
  before: roleIds.nullable(),
  after: roleIds,
  added: roleIds,
  removed: roleIds,
  changedAt: InstantSchema,
});
export const MemberNicknameChangedSchema = z.object({
  user: DiscordUserSchema,
  before: z.string().nullable(),
  after: z.string().nullable(),
  changedAt: InstantSchema,
});

export const memberEvents = {
  MemberJoined: MemberJoinedSchema,
  MemberLeft: MemberLeftSchema,
  MemberRolesChanged: MemberRolesChangedSchema,
  MemberNicknameChanged: MemberNicknameChangedSchema,
} as const;
export type MemberEvent = EventOf<typeof memberEvents>;
export type MemberJoined = DomainEvent<'MemberJoined', z.output<typeof MemberJoinedSchema>>;
export type MemberLeft = DomainEvent<'MemberLeft', z.output<typeof MemberLeftSchema>>;
export type MemberRolesChanged = DomainEvent<'MemberRolesChanged', z.output<typeof MemberRolesChangedSchema>>;
export type MemberNicknameChanged = DomainEvent<'MemberNicknameChanged', z.output<typeof MemberNicknameChangedSchema>>;
