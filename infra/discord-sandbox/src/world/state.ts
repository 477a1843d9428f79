import type {
  APIApplicationCommand,
  APIAuditLogEntry,
  APIDMChannel,
  APIGuild,
  APIGuildCategoryChannel,
  APIGuildMember,
  APIGuildVoiceChannel,
  APIMessage,
  APINewsChannel,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayActivity,
  GuildMemberFlags,
  PresenceUpdateReceiveStatus,
} from 'discord-api-types/v10';
import { Errors } from '../errors.js';
import type { SnowflakeGenerator } from './snowflake.js';

/** A member as stored: Discord's member object, with the user held by id in `users`. */
export type MemberRecord = Omit<APIGuildMember, 'user'> & { userId: string };

/** Guild channels always carry guild_id in the sandbox (gateway payloads need it). */
export type GuildChannel = (APITextChannel | APINewsChannel | APIGuildCategoryChannel | APIGuildVoiceChannel) & { guild_id: string };
export type ChannelRecord = GuildChannel | APIDMChannel;

export interface PresenceRecord {
  status: PresenceUpdateReceiveStatus;
  activities: GatewayActivity[];
}

export interface BanRecord {
  userId: string;
  reason: string | null;
}

/** Guild-level fields as Discord returns them, minus the collections held separately. */
export type GuildBase = Omit<APIGuild, 'roles' | 'emojis' | 'stickers'>;

export interface GuildRecord {
  base: GuildBase;
  /** When the bot joined (GUILD_CREATE's joined_at). */
  joinedAt: string;
  roles: Map<string, APIRole>;
  channelIds: string[];
  members: Map<string, MemberRecord>;
  presences: Map<string, PresenceRecord>;
  bans: Map<string, BanRecord>;
  auditLog: APIAuditLogEntry[];
  commands: Map<string, APIApplicationCommand>;
  /** Who is in which voice channel, by user id (GUILD_CREATE's voice_states). */
  voiceStates: Map<string, VoiceStateRecord>;
}

export interface VoiceStateRecord {
  channelId: string;
  /** The gateway session id of the user's client (the bot's own gateway session for the bot). */
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface StoredMessage {
  message: APIMessage;
  /** Set when the author sent a nonce with enforce_nonce, for Discord's dedupe window. */
  enforcedNonce?: string;
}

export interface BotIdentity {
  token: string;
  applicationId: string;
  userId: string;
  clientSecret: string;
}

/** Messages kept per channel; the oldest are dropped past this so a long demo stays bounded. */
export const MAX_MESSAGES_PER_CHANNEL = 1000;

/**
 * The in-memory world: users, guilds, channels, messages, commands. Lookups that may miss
 * take the Discord error they should raise, so routes read as `world.guild(id)`.
 */
export class WorldState {
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, Map<string, StoredMessage>>();
  readonly globalCommands = new Map<string, APIApplicationCommand>();
  /** Uploaded attachment bytes, served at /attachments/:channel/:id/:name. */
  readonly files = new Map<string, { data: Uint8Array; contentType: string; filename: string }>();
  /** Discord keeps one DM channel per (bot, user) pair. */
  readonly dmChannelByUser = new Map<string, string>();

  constructor(
    readonly bot: BotIdentity,
    readonly ids: SnowflakeGenerator,
    readonly now: () => number,
    readonly seed: number,
  ) {}

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  guild(id: string): GuildRecord {
    const g = this.guilds.get(id);
    if (!g) throw Errors.unknownGuild();
    return g;
  }

  user(id: string): APIUser {
    const u = this.users.get(id);
    if (!u) throw Errors.unknownUser();
    return u;
  }

  channel(id: string): ChannelRecord {
    const c = this.channels.get(id);
    if (!c) throw Errors.unknownChannel();
    return c;
  }

  guildChannel(guildId: string, id: string): GuildChannel {
    const c = this.channels.get(id);
    if (!c || !('guild_id' in c) || c.guild_id !== guildId) throw Errors.unknownChannel();
    return c;
  }

  member(guildId: string, userId: string): MemberRecord {
    const m = this.guild(guildId).members.get(userId);
    if (!m) throw Errors.unknownMember();
    return m;
  }

  role(guildId: string, roleId: string): APIRole {
    const r = this.guild(guildId).roles.get(roleId);
    if (!r) throw Errors.unknownRole();
    return r;
  }

  channelMessages(channelId: string): Map<string, StoredMessage> {
    let store = this.messages.get(channelId);
    if (!store) {
      store = new Map();
      this.messages.set(channelId, store);
    }
    return store;
  }

  message(channelId: string, messageId: string): APIMessage {
    const m = this.messages.get(channelId)?.get(messageId);
    if (!m) throw Errors.unknownMessage();
    return m.message;
  }

  /** Guild id of a channel, or null for DMs. */
  guildIdOf(channel: ChannelRecord): string | null {
    return 'guild_id' in channel && channel.guild_id ? channel.guild_id : null;
  }

  memberObject(m: MemberRecord): APIGuildMember & { avatar: string | null; banner: string | null; flags: GuildMemberFlags; joined_at: string } {
    const { userId, ...rest } = m;
    return { ...rest, avatar: rest.avatar ?? null, banner: rest.banner ?? null, flags: rest.flags, joined_at: rest.joined_at ?? this.nowIso(), user: this.user(userId) };
  }

  roleList(guildId: string): APIRole[] {
    return [...this.guild(guildId).roles.values()].sort((a, b) => a.position - b.position || Number(BigInt(a.id) - BigInt(b.id)));
  }

  guildChannels(guildId: string): GuildChannel[] {
    return this.guild(guildId)
      .channelIds.map((id) => this.channels.get(id))
      .filter((c): c is GuildChannel => c !== undefined && 'guild_id' in c);
  }

  /** The full guild object as GET /guilds/:id returns it. */
  guildObject(guildId: string): APIGuild {
    const g = this.guild(guildId);
    return { ...g.base, roles: this.roleList(guildId), emojis: [], stickers: [] };
  }

  /** The everyone role shares the guild's id. */
  everyoneRole(guildId: string): APIRole {
    return this.role(guildId, guildId);
  }

  isBot(userId: string): boolean {
    return userId === this.bot.userId;
  }
}
