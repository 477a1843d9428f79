import {
  AudioPlayerStatus,
  createAudioPlayer,
  entersState,
  joinVoiceChannel,
  NoSubscriberBehavior,
  VoiceConnectionDisconnectReason,
  VoiceConnectionStatus,
  type AudioPlayer,
  type AudioPlayerState,
  type NetworkingState,
  type VoiceConnection,
  type VoiceConnectionState,
} from '@discordjs/voice';
import type { Client, VoiceState } from 'discord.js';
import { pino, type Logger } from 'pino';
import { AudioError } from '../library/ffmpeg.js';
import { buildResource, type BuiltResource, type SourceTrack } from './source.js';

export type PlayerEventType = 'started' | 'finished' | 'failed' | 'disconnected';

export interface PlayerEvent {
  type: PlayerEventType;
  guildId: string;
  trackId: string | null;
  at: string;
  /** Position in the track when it happened (ms). */
  offsetMs: number;
  /** failed: a stable code (FFMPEG_MISSING, NOT_AUDIO, FETCH_FAILED, PLAYBACK_ERROR…); disconnected: REMOVED_FROM_CHANNEL, EMPTY_CHANNEL, VOICE_LOST. */
  code?: string;
  reason?: string;
}

export interface PlayerPosition {
  trackId: string | null;
  /**
   * The instant `offsetMs` was measured while playing (so position = offsetMs + (now − startedAt));
   * null when paused or idle.
   */
  startedAt: string | null;
  offsetMs: number;
  paused: boolean;
}

export interface GuildPlayer {
  join(channelId: string): Promise<void>;
  leave(): Promise<void>;
  play(track: SourceTrack, offsetMs: number): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** 0..2, 1 = 100 % (played without re-encoding). */
  setVolume(v: number): void;
  position(): PlayerPosition;
  on(event: PlayerEventType, cb: (e: PlayerEvent) => void): () => void;
}

export interface PlayerOptions {
  logger?: Logger;
  /** Leave a channel this long after the last listener left (default 60 s; 0 = never). */
  emptyChannelLeaveMs?: number;
  /** How long join waits for the voice connection to be ready (default 15 s). */
  joinTimeoutMs?: number;
  /** Rejoins tried after an unexpected voice disconnect (4014 not caused by a move, …); default 5. */
  reconnectAttempts?: number;
  /** Passed to @discordjs/voice: DAVE end-to-end encryption (default true, as Discord requires). */
  daveEncryption?: boolean;
  /**
   * Rejoin when the voice server stopped echoing UDP keepalives (sent every 5 s) for this long:
   * the UDP path is dead though the WebSocket is fine. Armed only once an echo was seen, so a
   * server that never echoes is left alone. Default 20 s; 0 = off.
   */
  udpTimeoutMs?: number;
}

interface Current {
  track: SourceTrack;
  built: BuiltResource;
  /** Track position where this resource began. */
  baseOffsetMs: number;
  /** Bumps on every new resource, so the Idle of a replaced one is not taken for "finished". */
  generation: number;
}

const clampVolume = (v: number) => (Number.isFinite(v) ? Math.min(2, Math.max(0, v)) : 1);

/** One guild's player on @discordjs/voice: a voice connection and an audio player. */
export class DiscordGuildPlayer implements GuildPlayer {
  private connection: VoiceConnection | null = null;
  private channelId: string | null = null;
  private readonly audio: AudioPlayer;
  private current: Current | null = null;
  private generation = 0;
  private volume = 1;
  private pausedByUser = false;
  private leaving = false;
  private reconnects = 0;
  private emptyTimer: NodeJS.Timeout | null = null;
  /** Last UDP keepalive echo on the current voice socket (0 = none seen yet: watchdog not armed). */
  private lastUdpEcho = 0;
  private readonly watchedSockets = new WeakSet<object>();
  private readonly udpWatchdog: NodeJS.Timeout | null;
  private readonly listeners = new Map<PlayerEventType, Set<(e: PlayerEvent) => void>>();
  private readonly logger: Logger;
  private readonly offVoiceState: () => void;

  constructor(
    private readonly client: Client,
    readonly guildId: string,
    private readonly opts: PlayerOptions = {},
  ) {
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ guildId, component: 'music-player' });
    // While the connection is not ready (reconnecting), the player pauses itself and goes on after.
    this.audio = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause, maxMissedFrames: 250 } });
    this.audio.on('stateChange', (before, after) => this.onAudioState(before, after));
    this.audio.on('error', (err) => {
      const track = (err.resource.metadata as SourceTrack | undefined) ?? this.current?.track;
      this.logger.warn({ err, trackId: track?.id }, 'playback error');
      this.emit('failed', { trackId: track?.id ?? null, code: 'PLAYBACK_ERROR', reason: err.message });
    });
    const udpTimeout = opts.udpTimeoutMs ?? 20_000;
    this.udpWatchdog = udpTimeout > 0 ? setInterval(() => this.checkUdp(udpTimeout), Math.min(1_000, udpTimeout)) : null;
    this.udpWatchdog?.unref();
    const onVoice = (before: VoiceState, after: VoiceState) => this.onVoiceState(before, after);
    client.on('voiceStateUpdate', onVoice);
    this.offVoiceState = () => client.off('voiceStateUpdate', onVoice);
  }

  on(event: PlayerEventType, cb: (e: PlayerEvent) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  }

  private emit(type: PlayerEventType, e: { trackId: string | null; code?: string; reason?: string }): void {
    const event: PlayerEvent = { type, guildId: this.guildId, at: new Date().toISOString(), offsetMs: this.positionMs(), ...e };
    for (const cb of this.listeners.get(type) ?? []) {
      try {
        cb(event);
      } catch (err) {
        this.logger.error({ err, type }, 'player listener failed');
      }
    }
  }

  // ---- voice connection ----------------------------------------------------------------------

  async join(channelId: string): Promise<void> {
    const guild = this.client.guilds.cache.get(this.guildId);
    if (!guild) throw new AudioError('UNKNOWN_GUILD', `guild ${this.guildId} is not in the bot's cache`);
    this.leaving = false;
    this.channelId = channelId;
    if (this.connection && this.connection.joinConfig.channelId === channelId && this.connection.state.status === VoiceConnectionStatus.Ready) return;
    const connection = joinVoiceChannel({
      guildId: this.guildId,
      channelId,
      adapterCreator: guild.voiceAdapterCreator,
      selfDeaf: true,
      daveEncryption: this.opts.daveEncryption ?? true,
    });
    if (connection !== this.connection) {
      this.connection = connection;
      connection.on('stateChange', (before, after) => void this.onConnectionState(connection, before, after));
      connection.on('error', (err) => this.logger.warn({ err }, 'voice connection error'));
      connection.subscribe(this.audio);
    }
    try {
      await entersState(connection, VoiceConnectionStatus.Ready, this.opts.joinTimeoutMs ?? 15_000);
      this.reconnects = 0;
      this.checkEmpty();
    } catch {
      throw new AudioError('JOIN_TIMEOUT', `voice connection to channel ${channelId} was not ready in time`);
    }
  }

  async leave(): Promise<void> {
    this.leaving = true;
    this.clearEmptyTimer();
    this.stop();
    const c = this.connection;
    this.connection = null;
    this.channelId = null;
    if (c && c.state.status !== VoiceConnectionStatus.Destroyed) c.destroy();
  }

  private async onConnectionState(connection: VoiceConnection, before: VoiceConnectionState, after: VoiceConnectionState): Promise<void> {
    if (connection !== this.connection || this.leaving) return;
    if (after.status === VoiceConnectionStatus.Ready) {
      this.reconnects = 0;
      this.watchUdp(after.networking.state);
      return;
    }
    if (after.status !== VoiceConnectionStatus.Disconnected) return;
    this.logger.info({ from: before.status, reason: after.reason, closeCode: after.reason === VoiceConnectionDisconnectReason.WebSocketClose ? after.closeCode : undefined }, 'voice disconnected');
    // 4014 is also what a move to another channel looks like: give the move a moment.
    if (after.reason === VoiceConnectionDisconnectReason.WebSocketClose && after.closeCode === 4014) {
      try {
        await Promise.race([entersState(connection, VoiceConnectionStatus.Signalling, 2_000), entersState(connection, VoiceConnectionStatus.Connecting, 2_000)]);
        return;
      } catch {
        // not a move
      }
    }
    if (connection !== this.connection || this.leaving) return;
    const botState = this.client.guilds.cache.get(this.guildId)?.members.me?.voice;
    const kicked = after.reason === VoiceConnectionDisconnectReason.WebSocketClose && after.closeCode === 4014 && !botState?.channelId;
    if (!kicked && this.reconnects < (this.opts.reconnectAttempts ?? 5)) {
      this.reconnects += 1;
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** (this.reconnects - 1))));
      if (connection === this.connection && !this.leaving && connection.state.status === VoiceConnectionStatus.Disconnected) {
        this.logger.info({ attempt: this.reconnects }, 'voice rejoin');
        connection.rejoin();
      }
      return;
    }
    const trackId = this.current?.track.id ?? null;
    this.stop();
    this.connection = null;
    this.channelId = null;
    if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    this.emit('disconnected', { trackId, code: kicked ? 'REMOVED_FROM_CHANNEL' : 'VOICE_LOST', reason: kicked ? 'the bot was removed from the voice channel' : 'voice connection lost after retries' });
  }

  // ---- UDP path watchdog ------------------------------------------------------------------

  private watchUdp(state: NetworkingState): void {
    if (!('udp' in state) || this.watchedSockets.has(state.udp)) return;
    this.watchedSockets.add(state.udp);
    this.lastUdpEcho = 0;
    const udp = state.udp;
    udp.on('message', (msg: Buffer) => {
      // Only the socket in use counts (an old one may still be draining).
      const current = this.connection?.state;
      if (msg.length === 8 && current?.status === VoiceConnectionStatus.Ready && 'udp' in current.networking.state && current.networking.state.udp === udp) this.lastUdpEcho = Date.now();
    });
  }

  private checkUdp(timeoutMs: number): void {
    const c = this.connection;
    if (!c || this.leaving || this.lastUdpEcho === 0 || c.state.status !== VoiceConnectionStatus.Ready) return;
    if (Date.now() - this.lastUdpEcho <= timeoutMs) return;
    this.logger.warn({ silentForMs: Date.now() - this.lastUdpEcho }, 'voice UDP path silent: rejoining');
    this.lastUdpEcho = 0;
    c.rejoin();
  }

  // ---- leave when empty -----------------------------------------------------------------------

  private onVoiceState(before: VoiceState, after: VoiceState): void {
    if (after.guild.id !== this.guildId || !this.channelId) return;
    if (before.channelId === this.channelId || after.channelId === this.channelId) this.checkEmpty();
  }

  private listeners_(): number {
    const channel = this.channelId ? this.client.guilds.cache.get(this.guildId)?.channels.cache.get(this.channelId) : undefined;
    if (!channel || !channel.isVoiceBased()) return 0;
    return channel.members.filter((m) => !m.user.bot).size;
  }

  private checkEmpty(): void {
    const wait = this.opts.emptyChannelLeaveMs ?? 60_000;
    if (wait <= 0 || !this.channelId) return;
    if (this.listeners_() > 0) return this.clearEmptyTimer();
    if (this.emptyTimer) return;
    this.emptyTimer = setTimeout(() => {
      this.emptyTimer = null;
      if (this.listeners_() > 0 || !this.channelId) return;
      const trackId = this.current?.track.id ?? null;
      void this.leave().then(() => this.emit('disconnected', { trackId, code: 'EMPTY_CHANNEL', reason: `nobody listened for ${wait} ms` }));
    }, wait);
    this.emptyTimer.unref();
  }

  private clearEmptyTimer(): void {
    if (this.emptyTimer) clearTimeout(this.emptyTimer);
    this.emptyTimer = null;
  }

  // ---- playback -----------------------------------------------------------------------------

  async play(track: SourceTrack, offsetMs: number): Promise<void> {
    await this.start(track, Math.max(0, offsetMs), true);
  }

  private async start(track: SourceTrack, offsetMs: number, announce: boolean): Promise<void> {
    const generation = ++this.generation;
    let built: BuiltResource;
    try {
      built = await buildResource(track, offsetMs, this.volume);
    } catch (err) {
      const code = err instanceof AudioError ? err.code : 'PLAYBACK_ERROR';
      this.emit('failed', { trackId: track.id, code, reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    if (generation !== this.generation) {
      built.destroy();
      return;
    }
    const previous = this.current;
    this.current = { track, built, baseOffsetMs: offsetMs, generation };
    this.pausedByUser = false;
    this.audio.play(built.resource);
    previous?.built.destroy();
    if (!announce) return;
    try {
      await entersState(this.audio, AudioPlayerStatus.Playing, 5_000);
    } catch {
      // Not playing yet (e.g. reconnecting): it starts when the connection is ready.
      if (this.current?.generation !== generation) return;
    }
    if (this.current?.generation === generation) this.emit('started', { trackId: track.id });
  }

  private onAudioState(before: AudioPlayerState, after: AudioPlayerState): void {
    if (after.status !== AudioPlayerStatus.Idle || before.status === AudioPlayerStatus.Idle) return;
    const finished = this.current;
    if (!finished || before.status === AudioPlayerStatus.Buffering || !('resource' in before) || before.resource !== finished.built.resource) return;
    this.current = null;
    this.emit('finished', { trackId: finished.track.id });
  }

  pause(): void {
    this.pausedByUser = true;
    // true: keep sending silence frames (Discord's five) so listeners hear the stop at once.
    this.audio.pause(true);
  }

  resume(): void {
    this.pausedByUser = false;
    this.audio.unpause();
  }

  stop(): void {
    const c = this.current;
    this.current = null;
    this.generation += 1;
    this.audio.stop(true);
    c?.built.destroy();
  }

  setVolume(v: number): void {
    const volume = clampVolume(v);
    this.volume = volume;
    const c = this.current;
    if (!c) return;
    const scaler = c.built.resource.volume;
    // Ogg/Opus goes back to passthrough at 100 %; anything else keeps (or gets) a volume stage.
    const restart = scaler ? volume === 1 && c.built.canPassthrough : volume !== 1;
    if (!restart) {
      scaler?.setVolume(volume);
      return;
    }
    // Adding or dropping the volume stage means a new pipeline, from where we are.
    const paused = this.pausedByUser;
    const at = this.positionMs();
    void this.start(c.track, at, false).then(() => {
      if (paused) this.pause();
    });
  }

  private positionMs(): number {
    const c = this.current;
    return c ? c.baseOffsetMs + c.built.resource.playbackDuration : 0;
  }

  position(): PlayerPosition {
    const c = this.current;
    if (!c) return { trackId: null, startedAt: null, offsetMs: 0, paused: false };
    const status = this.audio.state.status;
    const playing = status === AudioPlayerStatus.Playing;
    return { trackId: c.track.id, startedAt: playing ? new Date().toISOString() : null, offsetMs: this.positionMs(), paused: this.pausedByUser || status === AudioPlayerStatus.Paused };
  }

  /** Stops everything and forgets the client's events. */
  async destroy(): Promise<void> {
    await this.leave();
    if (this.udpWatchdog) clearInterval(this.udpWatchdog);
    this.offVoiceState();
    this.listeners.clear();
  }
}

export interface PlayerRegistry {
  get(guildId: string): GuildPlayer;
  destroyAll(): Promise<void>;
}

/** One player per guild, made on first use. The client needs the GuildVoiceStates intent. */
export const createPlayerRegistry = (client: Client, opts: PlayerOptions = {}): PlayerRegistry => {
  const players = new Map<string, DiscordGuildPlayer>();
  return {
    get(guildId) {
      let p = players.get(guildId);
      if (!p) players.set(guildId, (p = new DiscordGuildPlayer(client, guildId, opts)));
      return p;
    },
    async destroyAll() {
      const all = [...players.values()];
      players.clear();
      await Promise.all(all.map((p) => p.destroy()));
    },
  };
};
