import { GatewayDispatchEvents } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { DiscordError } from '../errors.js';
import type { GatewaySession } from '../gateway/session.js';
import type { WorldContext } from '../world/context.js';
import { setVoiceState } from '../world/voice.js';
import type { AudioChange } from './audio.js';
import type { VoiceFaultInput, VoiceServer, VoiceSessionView } from './server.js';

export interface VoiceOp4 {
  guild_id: string;
  channel_id: string | null;
  self_mute?: boolean | undefined;
  self_deaf?: boolean | undefined;
}

/**
 * Ties the world's voice states to the voice server: the bot's op 4 (join, move, leave), members
 * moved through the control API, and what the voice server heard.
 */
export class VoiceHub {
  constructor(
    private readonly ctx: WorldContext,
    readonly server: VoiceServer,
    private readonly logger: Logger,
  ) {}

  /** Gateway op 4 from the bot: VOICE_STATE_UPDATE to everyone, VOICE_SERVER_UPDATE to this session. */
  fromGateway(session: GatewaySession, d: VoiceOp4): void {
    const { world } = this.ctx;
    const botId = world.bot.userId;
    if (d.channel_id === null) {
      setVoiceState(this.ctx, { guildId: d.guild_id, userId: botId, channelId: null, sessionId: session.id });
      this.server.end(d.guild_id, botId);
      return;
    }
    try {
      setVoiceState(this.ctx, { guildId: d.guild_id, userId: botId, channelId: d.channel_id, sessionId: session.id, selfMute: d.self_mute, selfDeaf: d.self_deaf });
    } catch (err) {
      // Discord ignores a join it refuses (no CONNECT, not a voice channel): the client times out.
      if (err instanceof DiscordError) {
        this.logger.info({ guildId: d.guild_id, channelId: d.channel_id, code: err.code }, 'voice join refused');
        return;
      }
      throw err;
    }
    const { token, endpoint } = this.server.prepare(d.guild_id, botId, d.channel_id, session.id);
    session.dispatch(GatewayDispatchEvents.VoiceServerUpdate, { token, guild_id: d.guild_id, endpoint });
  }

  /** A member (or the bot) moved by the control API; channelId null leaves. */
  move(input: { guildId: string; userId: string; channelId: string | null }): { previousChannelId: string | null; channelId: string | null } {
    const { previous } = setVoiceState(this.ctx, input);
    if (input.userId === this.ctx.world.bot.userId) {
      if (input.channelId === null) this.server.end(input.guildId, input.userId);
      else this.server.moved(input.guildId, input.userId, input.channelId);
    }
    return { previousChannelId: previous, channelId: input.channelId };
  }

  sessions(): VoiceSessionView[] {
    return this.server.views();
  }

  timeline(guildId: string, since?: number): AudioChange[] {
    return this.server.timeline(guildId, since);
  }

  inject(fault: VoiceFaultInput): number {
    return this.server.inject(fault);
  }

  /** World reset: every voice session ends. */
  reset(): void {
    this.server.endAll();
  }
}
