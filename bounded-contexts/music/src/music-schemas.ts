import { ActorSchema, SnowflakeSchema, SourceSchema } from '@guildhall/kernel';
import { z } from 'zod';

/** Field schemas the music streams share. */
export const Instant = z.iso.datetime();
export const EntryId = z.string().min(1).max(200);

/** Where a track's audio comes from: the scanned library folder, an HTTP(S) URL, or a file uploaded from the dashboard. */
export const TrackOriginSchema = z.enum(['library', 'url', 'upload']);
export type TrackOrigin = z.infer<typeof TrackOriginSchema>;

/** A playable track as the queue holds it: enough for the player (location) and for people (title, artist, length). */
export const TrackRefSchema = z.object({
  trackId: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(200),
  artist: z.string().max(200).nullable().default(null),
  /** Unknown for a URL until the player has read it. */
  durationMs: z.number().int().positive().nullable().default(null),
  origin: TrackOriginSchema,
  /** The library or upload path, or the http(s) URL. */
  location: z.string().min(1).max(2000),
});
export type TrackRef = z.output<typeof TrackRefSchema>;

/**
 * Access levels, lowest first. Until the access context lands they come from Discord: moderator =
 * MODERATE/KICK/BAN_MEMBERS or MANAGE_MESSAGES, manager = MANAGE_GUILD, owner or administrator.
 */
export const ACCESS_LEVELS = ['member', 'moderator', 'manager'] as const;
export const AccessLevelSchema = z.enum(ACCESS_LEVELS);
export type AccessLevel = z.infer<typeof AccessLevelSchema>;
export const levelAtLeast = (level: AccessLevel, needed: AccessLevel): boolean => ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(needed);

/**
 * Who asks, as the adapter (bot or API) saw them: never from a client's body. The decider checks
 * the guild's rules against it (DJ role, web level, voice channel, vote-skip share).
 */
export const InvokerSchema = z
  .object({
    level: AccessLevelSchema.default('member'),
    roleIds: z.array(SnowflakeSchema).max(250).default([]),
    /** The voice channel the member is in (slash commands); null when not in one or unknown (web). */
    voiceChannelId: SnowflakeSchema.nullable().default(null),
    /** Members (not bots) in the session's voice channel, for vote-skip; null when unknown. */
    listenerCount: z.number().int().min(0).max(1_000_000).nullable().default(null),
  })
  .default({ level: 'member', roleIds: [], voiceChannelId: null, listenerCount: null });
export type Invoker = z.output<typeof InvokerSchema>;

export const LoopModeSchema = z.enum(['off', 'track', 'queue']);
export type LoopMode = z.infer<typeof LoopModeSchema>;

/** One entry of the queue: the track, who queued it, from where and when. */
export const QueueEntrySchema = z.object({
  entryId: EntryId,
  track: TrackRefSchema,
  queuedBy: ActorSchema,
  source: SourceSchema,
  queuedAt: Instant,
});
export type QueueEntry = z.output<typeof QueueEntrySchema>;

/** The guild's music rules. */
export const MusicRulesSchema = z.object({
  /** When set, only members with this role (or moderators) may skip outright, reorder, remove others' tracks, pause, seek, change volume/loop/shuffle and stop. */
  djRoleId: SnowflakeSchema.nullable().default(null),
  /** Share of the listeners whose votes skip a track when a non-DJ asks (0 < share ≤ 1). */
  voteSkipShare: z.number().gt(0).max(1).default(0.5),
  maxQueueLength: z.number().int().min(1).max(1000).default(100),
  /** Longest track that may be queued; null: no limit. */
  maxTrackDurationMs: z.number().int().min(1000).max(24 * 3600_000).nullable().default(3 * 3600_000),
  /** The access level needed to control the player from the dashboard or API. */
  webControlLevel: AccessLevelSchema.default('moderator'),
});
export type MusicRules = z.output<typeof MusicRulesSchema>;
export const DEFAULT_MUSIC_RULES: MusicRules = MusicRulesSchema.parse({});

export const PLAYLIST_NAME = z.string().trim().min(1).max(100);
/** Playlists are found by name, case and spacing aside. */
export const playlistKey = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');
