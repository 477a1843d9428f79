import { z } from 'zod';

/**
 * The parts of Discord's gateway dispatches (`d`) the ingest reads, validated leniently: extra
 * fields pass, a missing field we need is a bad payload (logged and skipped, never a crash).
 */
const id = z.string().regex(/^\d{1,20}$/);
const nullableString = z.string().nullable().optional();

export const ApiUserSchema = z.object({
  id,
  username: z.string().optional(),
  global_name: nullableString,
  bot: z.boolean().optional(),
});
export type ApiUser = z.infer<typeof ApiUserSchema>;

export const ApiMemberSchema = z.object({
  user: ApiUserSchema,
  nick: nullableString,
  roles: z.array(id),
  joined_at: nullableString,
  communication_disabled_until: nullableString,
  pending: z.boolean().optional(),
});
export type ApiMember = z.infer<typeof ApiMemberSchema>;

export const ApiRoleSchema = z.object({
  id,
  name: z.string(),
  color: z.number().int().optional(),
  position: z.number().int(),
  permissions: z.string(),
  managed: z.boolean().optional(),
  hoist: z.boolean().optional(),
  mentionable: z.boolean().optional(),
});
export type ApiRole = z.infer<typeof ApiRoleSchema>;

export const ApiChannelSchema = z.object({
  id,
  type: z.number().int(),
  guild_id: id.optional(),
  name: nullableString,
  parent_id: id.nullable().optional(),
  position: z.number().int().optional(),
  topic: nullableString,
  nsfw: z.boolean().optional(),
});
export type ApiChannel = z.infer<typeof ApiChannelSchema>;

const inGuild = { guild_id: id };

export const ReadySchema = z.object({ session_id: z.string().min(1), user: z.object({ id }) });
export const MemberAddSchema = ApiMemberSchema.extend(inGuild);
export const MemberRemoveSchema = z.object({ ...inGuild, user: ApiUserSchema });
export const MemberUpdateSchema = ApiMemberSchema.extend(inGuild);

export const MessageCreateSchema = z.object({
  id,
  channel_id: id,
  guild_id: id.optional(),
  author: ApiUserSchema,
  content: z.string().optional(),
  timestamp: z.string(),
  attachments: z.array(z.unknown()).optional(),
  embeds: z.array(z.unknown()).optional(),
  mentions: z.array(z.object({ id })).optional(),
  mention_roles: z.array(id).optional(),
  mention_everyone: z.boolean().optional(),
  message_reference: z.object({ message_id: id.optional() }).optional(),
  type: z.number().int().optional(),
  webhook_id: id.optional(),
});
export const MessageUpdateSchema = z.object({
  id,
  channel_id: id,
  guild_id: id.optional(),
  content: z.string().optional(),
  edited_timestamp: nullableString,
  author: ApiUserSchema.optional(),
});
export const MessageDeleteSchema = z.object({ id, channel_id: id, guild_id: id.optional() });
export const MessageDeleteBulkSchema = z.object({ ids: z.array(id).min(1), channel_id: id, guild_id: id.optional() });

export const BanSchema = z.object({ ...inGuild, user: ApiUserSchema });
export const AuditLogEntryCreateSchema = z.object({
  ...inGuild,
  id,
  action_type: z.number().int(),
  user_id: id.nullable().optional(),
  target_id: z.string().nullable().optional(),
  reason: z.string().optional(),
  changes: z.array(z.object({ key: z.string(), old_value: z.unknown().optional(), new_value: z.unknown().optional() })).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const RoleChangeSchema = z.object({ ...inGuild, role: ApiRoleSchema });
export const RoleDeleteSchema = z.object({ ...inGuild, role_id: id });
export const ChannelChangeSchema = ApiChannelSchema;

export const VoiceStateSchema = z.object({
  guild_id: id.optional(),
  channel_id: id.nullable(),
  user_id: id,
  self_mute: z.boolean(),
  self_deaf: z.boolean(),
  mute: z.boolean(),
  deaf: z.boolean(),
  self_stream: z.boolean().optional(),
});

export const PresenceUpdateSchema = z.object({ ...inGuild, user: z.object({ id }), status: z.string() });
export const GuildCreatePresencesSchema = z.object({
  id,
  presences: z.array(z.object({ user: z.object({ id }), status: z.string() })).optional(),
});
