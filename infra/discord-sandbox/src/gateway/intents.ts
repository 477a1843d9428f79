import { GatewayDispatchEvents as E, GatewayIntentBits as I, PermissionFlagsBits } from 'discord-api-types/v10';
import { guildPermissions, hasPermission } from '../permissions.js';
import type { Dispatch } from '../world/dispatch.js';
import type { WorldState } from '../world/state.js';

export const ALL_INTENTS = Object.values(I).filter((v): v is number => typeof v === 'number').reduce((a, b) => a | b, 0);
export const PRIVILEGED_INTENTS = I.GuildMembers | I.GuildPresences | I.MessageContent;

const BY_EVENT: Partial<Record<E, number>> = {
  [E.GuildCreate]: I.Guilds,
  [E.GuildUpdate]: I.Guilds,
  [E.GuildDelete]: I.Guilds,
  [E.GuildRoleCreate]: I.Guilds,
  [E.GuildRoleUpdate]: I.Guilds,
  [E.GuildRoleDelete]: I.Guilds,
  [E.ChannelCreate]: I.Guilds,
  [E.ChannelUpdate]: I.Guilds,
  [E.ChannelDelete]: I.Guilds,
  [E.GuildMemberAdd]: I.GuildMembers,
  [E.GuildMemberUpdate]: I.GuildMembers,
  [E.GuildMemberRemove]: I.GuildMembers,
  [E.GuildBanAdd]: I.GuildModeration,
  [E.GuildBanRemove]: I.GuildModeration,
  [E.GuildAuditLogEntryCreate]: I.GuildModeration,
  [E.PresenceUpdate]: I.GuildPresences,
  [E.VoiceStateUpdate]: I.GuildVoiceStates,
};

const MESSAGE_EVENTS = new Set<E>([E.MessageCreate, E.MessageUpdate, E.MessageDelete, E.MessageDeleteBulk]);

/** Whether a session with `intents` receives this dispatch (Discord's intent rules). */
export const wantsDispatch = (world: WorldState, intents: number, dispatch: Dispatch): boolean => {
  if (dispatch.t === E.GuildMemberUpdate && dispatch.d.user.id === world.bot.userId) return true;
  if (MESSAGE_EVENTS.has(dispatch.t)) return (intents & (dispatch.guildId ? I.GuildMessages : I.DirectMessages)) !== 0;
  if (dispatch.t === E.GuildAuditLogEntryCreate && dispatch.guildId) {
    // Audit-log events also need VIEW_AUDIT_LOG in that guild.
    if (!hasPermission(guildPermissions(world, dispatch.guildId, world.bot.userId), PermissionFlagsBits.ViewAuditLog)) return false;
  }
  const needed = BY_EVENT[dispatch.t];
  return needed === undefined || (intents & needed) !== 0;
};

/**
 * Without MESSAGE_CONTENT, Discord blanks content, embeds, attachments and components except
 * in DMs, in messages that mention the bot, and in the bot's own messages.
 */
export const withoutContentIfNeeded = (world: WorldState, intents: number, dispatch: Dispatch): Dispatch => {
  if (intents & I.MessageContent) return dispatch;
  if (dispatch.t !== E.MessageCreate && dispatch.t !== E.MessageUpdate) return dispatch;
  const m = dispatch.d;
  if (!dispatch.guildId || m.author.id === world.bot.userId || m.mentions.some((u) => u.id === world.bot.userId)) return dispatch;
  const { poll: _poll, ...rest } = m;
  void _poll;
  return { ...dispatch, d: { ...rest, content: '', embeds: [], attachments: [], components: [] } } as Dispatch;
};

/** Guilds routed to a shard: (guild_id >> 22) % num_shards, as Discord shards. */
export const shardOf = (guildId: string, shardCount: number): number => Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
