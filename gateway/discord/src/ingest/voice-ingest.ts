import { makeFact, sessionKey, type DispatchHandler } from './fact-builder.js';
import { VoiceStateSchema } from './gateway-payloads.js';

/** Who joined, left or moved between voice channels, and their mute/deaf/stream flags. */
export const onVoiceStateUpdate: DispatchHandler = (ctx, d, meta) => {
  const p = VoiceStateSchema.parse(d);
  if (!p.guild_id) return null;
  const cached = ctx.client.guilds.cache.get(p.guild_id)?.voiceStates.cache.get(p.user_id);
  const before = cached
    ? {
        channelId: cached.channelId ?? null,
        selfMute: cached.selfMute ?? false,
        selfDeaf: cached.selfDeaf ?? false,
        serverMute: cached.serverMute ?? false,
        serverDeaf: cached.serverDeaf ?? false,
        streaming: cached.streaming ?? false,
      }
    : null;
  const after = {
    channelId: p.channel_id,
    selfMute: p.self_mute,
    selfDeaf: p.self_deaf,
    serverMute: p.mute,
    serverDeaf: p.deaf,
    streaming: p.self_stream ?? false,
  };
  return { guildId: p.guild_id, facts: [makeFact('voice-state-updated', p.guild_id, sessionKey(meta), { userId: p.user_id, before, after }, meta)] };
};
