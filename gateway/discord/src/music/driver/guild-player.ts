/**
 * The player's interface, as the voice branch builds it in `gateway/discord/src/music/player/`
 * (one per guild, on @discordjs/voice). Copied here so the driver codes against it before that
 * branch lands; replace this file by a re-export of the player's own types then.
 */
export type PlayerEvent = Readonly<{
  trackId: string | null;
  /** ISO time the player observed it. */
  at?: string;
  offsetMs?: number;
  reason?: string;
}>;

export interface GuildPlayer {
  join(channelId: string): Promise<void>;
  leave(): Promise<void>;
  play(track: { id: string; path: string; title: string }, offsetMs: number): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  setVolume(v: number /* 0..2 */): void;
  position(): { trackId: string | null; startedAt: string | null; offsetMs: number; paused: boolean };
  on(event: 'started' | 'finished' | 'failed' | 'disconnected', cb: (e: PlayerEvent) => void): () => void;
}
