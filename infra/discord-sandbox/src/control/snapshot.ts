import type {
  APIAuditLogEntry,
  APIBan,
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIRole,
  GatewayPresenceUpdate,
  GatewayVoiceState,
} from 'discord-api-types/v10';
import { presenceData } from '../world/members.js';
import type { WorldState } from '../world/state.js';
import { voiceStatesOf } from '../world/voice.js';

export interface GuildSnapshot extends APIGuild {
  member_count: number;
  channels: APIChannel[];
  roles: APIRole[];
  members: APIGuildMember[];
  presences: GatewayPresenceUpdate[];
  voice_states: GatewayVoiceState[];
  bans: APIBan[];
  /** All stored messages of the guild's channels, oldest first (each has channel_id). */
  messages: APIMessage[];
  audit_log_entries: APIAuditLogEntry[];
}

export interface WorldSnapshot {
  seed: number;
  bot: { applicationId: string; userId: string };
  guilds: GuildSnapshot[];
  dm_channels: { channel: APIChannel; messages: APIMessage[] }[];
}

export interface SnapshotOptions {
  /** Keep only the newest N messages per channel. */
  messagesPerChannel?: number | undefined;
  guildId?: string | undefined;
}

/** The whole world in Discord's own object shapes: the `GET /_sandbox/state` contract. */
export const snapshot = (world: WorldState, opts: SnapshotOptions = {}): WorldSnapshot => {
  const newest = (channelId: string): APIMessage[] => {
    const all = [...world.channelMessages(channelId).values()].map((s) => s.message);
    return opts.messagesPerChannel !== undefined ? all.slice(-opts.messagesPerChannel) : all;
  };
  const guilds = [...world.guilds.values()]
    .filter((g) => !opts.guildId || g.base.id === opts.guildId)
    .map((g): GuildSnapshot => {
      const guildId = g.base.id;
      const channels = world.guildChannels(guildId);
      return {
        ...world.guildObject(guildId),
        member_count: g.members.size,
        channels,
        roles: world.roleList(guildId),
        members: [...g.members.values()].map((m) => world.memberObject(m)),
        presences: [...g.presences.entries()].map(([userId, p]) => presenceData(guildId, userId, p.status, p.activities)),
        voice_states: voiceStatesOf(world, guildId),
        bans: [...g.bans.values()].map((b) => ({ reason: b.reason, user: world.user(b.userId) })),
        messages: channels.flatMap((c) => newest(c.id)).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
        audit_log_entries: [...g.auditLog],
      };
    });
  const dm_channels = [...world.dmChannelByUser.values()].map((id) => ({ channel: world.channel(id), messages: newest(id) }));
  return { seed: world.seed, bot: { applicationId: world.bot.applicationId, userId: world.bot.userId }, guilds, dm_channels };
};
