import { randomBytes } from 'node:crypto';
import { ChannelType, GatewayDispatchEvents, PermissionFlagsBits, type GatewayVoiceState } from 'discord-api-types/v10';
import { Errors, invalidFormBody } from '../errors.js';
import { requireChannelPermission } from '../permissions.js';
import type { WorldContext } from './context.js';
import type { VoiceStateRecord, WorldState } from './state.js';

/** A voice state as Discord sends it (VOICE_STATE_UPDATE, GUILD_CREATE's voice_states). */
export const voiceStateObject = (world: WorldState, guildId: string, userId: string, rec: VoiceStateRecord | null, sessionId?: string): GatewayVoiceState => {
  const m = world.guild(guildId).members.get(userId);
  return {
    guild_id: guildId,
    channel_id: rec?.channelId ?? null,
    user_id: userId,
    ...(m ? { member: world.memberObject(m) } : {}),
    session_id: rec?.sessionId ?? sessionId ?? '',
    deaf: m?.deaf ?? false,
    mute: m?.mute ?? false,
    self_deaf: rec?.selfDeaf ?? false,
    self_mute: rec?.selfMute ?? false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
};

export interface VoiceMove {
  guildId: string;
  userId: string;
  /** null leaves voice. */
  channelId: string | null;
  /** The client's gateway session (the bot's); humans get a made-up one. */
  sessionId?: string | undefined;
  selfMute?: boolean | undefined;
  selfDeaf?: boolean | undefined;
}

/**
 * Moves a member into a voice channel of the guild (CONNECT needed), or out of voice, and
 * dispatches VOICE_STATE_UPDATE. Returns the previous channel (null if none).
 */
export const setVoiceState = (ctx: WorldContext, move: VoiceMove): { previous: string | null; state: GatewayVoiceState } => {
  const { world } = ctx;
  const guild = world.guild(move.guildId);
  if (!guild.members.has(move.userId)) throw Errors.unknownMember();
  const previous = guild.voiceStates.get(move.userId) ?? null;
  if (move.channelId === null) {
    guild.voiceStates.delete(move.userId);
    const state = voiceStateObject(world, move.guildId, move.userId, null, previous?.sessionId ?? move.sessionId);
    if (previous) ctx.bus.emit(GatewayDispatchEvents.VoiceStateUpdate, state, move.guildId);
    return { previous: previous?.channelId ?? null, state };
  }
  const channel = world.guildChannel(move.guildId, move.channelId);
  if (channel.type !== ChannelType.GuildVoice) throw invalidFormBody(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Not a voice channel');
  requireChannelPermission(world, channel, move.userId, PermissionFlagsBits.Connect);
  const rec: VoiceStateRecord = {
    channelId: channel.id,
    sessionId: move.sessionId ?? previous?.sessionId ?? randomBytes(16).toString('hex'),
    selfMute: move.selfMute ?? previous?.selfMute ?? false,
    selfDeaf: move.selfDeaf ?? previous?.selfDeaf ?? false,
  };
  guild.voiceStates.set(move.userId, rec);
  const state = voiceStateObject(world, move.guildId, move.userId, rec);
  ctx.bus.emit(GatewayDispatchEvents.VoiceStateUpdate, state, move.guildId);
  return { previous: previous?.channelId ?? null, state };
};

/** Users in a voice channel. */
export const voiceChannelUsers = (world: WorldState, guildId: string, channelId: string): string[] =>
  [...world.guild(guildId).voiceStates.entries()].filter(([, v]) => v.channelId === channelId).map(([userId]) => userId);

export const voiceStatesOf = (world: WorldState, guildId: string): GatewayVoiceState[] =>
  [...world.guild(guildId).voiceStates.entries()].map(([userId, rec]) => voiceStateObject(world, guildId, userId, rec));
