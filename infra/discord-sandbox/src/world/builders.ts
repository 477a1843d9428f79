import {
  ChannelType,
  MessageType,
  type APIEmbed,
  type APIGuildCategoryChannel,
  type APIGuildVoiceChannel,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type ChannelFlags,
  type RoleFlags,
  type UserFlags,
} from 'discord-api-types/v10';

/** Builders for complete Discord objects, so every field a library may read is present. */

export const makeUser = (id: string, username: string, globalName: string | null, bot = false): APIUser => ({
  id,
  username,
  discriminator: '0',
  global_name: globalName,
  avatar: null,
  bot,
  system: false,
  banner: null,
  accent_color: null,
  avatar_decoration_data: null,
  collectibles: null,
  primary_guild: null,
  flags: 0 as UserFlags,
  public_flags: 0 as UserFlags,
});

export const makeRole = (
  id: string,
  name: string,
  position: number,
  permissions: bigint,
  extra: Partial<APIRole> = {},
): APIRole => ({
  id,
  name,
  color: 0,
  colors: { primary_color: extra.color ?? 0, secondary_color: null, tertiary_color: null },
  hoist: false,
  icon: null,
  unicode_emoji: null,
  position,
  permissions: permissions.toString(),
  managed: false,
  mentionable: false,
  flags: 0 as RoleFlags,
  ...extra,
});

export const makeTextChannel = (
  id: string,
  guildId: string,
  name: string,
  position: number,
  parentId: string | null,
  overwrites: APIOverwrite[] = [],
  type: ChannelType.GuildText | ChannelType.GuildAnnouncement = ChannelType.GuildText,
  topic: string | null = null,
): APITextChannel & { guild_id: string } => ({
  id,
  type: type as ChannelType.GuildText,
  guild_id: guildId,
  name,
  position,
  parent_id: parentId,
  permission_overwrites: overwrites,
  nsfw: false,
  topic,
  rate_limit_per_user: 0,
  last_message_id: null,
  last_pin_timestamp: null,
  default_auto_archive_duration: 1440,
  default_thread_rate_limit_per_user: 0,
  flags: 0 as ChannelFlags,
});

export const makeCategory = (id: string, guildId: string, name: string, position: number, overwrites: APIOverwrite[] = []): APIGuildCategoryChannel & { guild_id: string } => ({
  id,
  type: ChannelType.GuildCategory,
  guild_id: guildId,
  name,
  position,
  parent_id: null,
  permission_overwrites: overwrites,
  nsfw: false,
  flags: 0 as ChannelFlags,
});

export const makeVoiceChannel = (id: string, guildId: string, name: string, position: number, parentId: string | null): APIGuildVoiceChannel & { guild_id: string } => ({
  id,
  type: ChannelType.GuildVoice,
  guild_id: guildId,
  name,
  position,
  parent_id: parentId,
  permission_overwrites: [],
  nsfw: false,
  bitrate: 64000,
  user_limit: 0,
  rtc_region: null,
  video_quality_mode: 1,
  rate_limit_per_user: 0,
  last_message_id: null,
  flags: 0 as ChannelFlags,
});

export interface MessageInit {
  id: string;
  channelId: string;
  author: APIUser;
  content: string;
  timestamp: string;
  embeds?: APIEmbed[];
  tts?: boolean;
  nonce?: string | number;
  flags?: number;
  type?: MessageType;
  mentions?: APIUser[];
  mentionRoles?: string[];
  mentionEveryone?: boolean;
}

export const makeMessage = (m: MessageInit): APIMessage => ({
  id: m.id,
  channel_id: m.channelId,
  author: m.author,
  content: m.content,
  timestamp: m.timestamp,
  edited_timestamp: null,
  tts: m.tts ?? false,
  mention_everyone: m.mentionEveryone ?? false,
  mentions: m.mentions ?? [],
  mention_roles: m.mentionRoles ?? [],
  attachments: [],
  embeds: m.embeds ?? [],
  pinned: false,
  type: m.type ?? MessageType.Default,
  flags: m.flags ?? 0,
  components: [],
  ...(m.nonce !== undefined ? { nonce: m.nonce } : {}),
});
