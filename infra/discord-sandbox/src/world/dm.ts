import { ChannelType, type APIDMChannel, type ChannelFlags } from 'discord-api-types/v10';
import type { WorldContext } from './context.js';

/** The bot's DM channel with a user: Discord keeps exactly one per pair, created on first use. */
export const openDmChannel = (ctx: WorldContext, userId: string): APIDMChannel => {
  const existing = ctx.world.dmChannelByUser.get(userId);
  const found = existing ? ctx.world.channels.get(existing) : undefined;
  if (found && found.type === ChannelType.DM) return found;
  const channel = {
    id: ctx.world.ids.next(),
    type: ChannelType.DM,
    last_message_id: null,
    recipients: [ctx.world.user(userId)],
    flags: 0 as ChannelFlags,
    name: null,
  } as APIDMChannel;
  ctx.world.channels.set(channel.id, channel);
  ctx.world.dmChannelByUser.set(userId, channel.id);
  return channel;
};
