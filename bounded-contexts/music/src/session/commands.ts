import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { EntryId, InvokerSchema, LoopModeSchema, MusicRulesSchema, PLAYLIST_NAME, TrackRefSchema } from '../music-schemas.js';

const invoker = { invoker: InvokerSchema };
/** 1-based, as people count (the slash commands' `position`). */
const Position = z.number().int().min(1).max(1000);
/** An entry by id (the dashboard) or by its 1-based queue position (slash commands). */
const EntrySelector = z
  .object({ entryId: EntryId.optional(), position: Position.optional() })
  .refine((v) => (v.entryId === undefined) !== (v.position === undefined), { message: 'give exactly one of entryId or position', path: ['entryId'] });

/** Commands of the guild's music session (stream `music.session.<guildId>`). */
export const musicSessionCommands = {
  /** Queue a track; starts a session in the invoker's voice channel (or `channelId`) when none runs. */
  QueueTrack: z.object({
    ...invoker,
    track: TrackRefSchema,
    /** Where to start a session when none runs (defaults to the invoker's voice channel). */
    channelId: SnowflakeSchema.nullable().default(null),
    /** `next`: play after the current track instead of at the end. */
    placement: z.enum(['end', 'next']).default('end'),
  }),
  RemoveQueueEntry: EntrySelector.and(z.object(invoker)),
  MoveQueueEntry: z
    .object({ ...invoker, entryId: EntryId.optional(), from: Position.optional(), to: Position })
    .refine((v) => (v.entryId === undefined) !== (v.from === undefined), { message: 'give exactly one of entryId or from', path: ['entryId'] }),
  ClearQueue: z.object(invoker),
  /** Skip the current track (`entryId`: the one the invoker saw, so two skips at once skip one track). */
  SkipTrack: z.object({ ...invoker, entryId: EntryId.nullable().default(null) }),
  PreviousTrack: z.object(invoker),
  PausePlayback: z.object(invoker),
  ResumePlayback: z.object(invoker),
  SeekPlayback: z.object({ ...invoker, positionMs: z.number().int().min(0).max(24 * 3600_000) }),
  /** Volume in percent: 100 is the track as recorded, 0..200. */
  SetVolume: z.object({ ...invoker, volume: z.number().int().min(0).max(200) }),
  SetLoopMode: z.object({ ...invoker, mode: LoopModeSchema }),
  /** Shuffle the upcoming queue; the seed makes it deterministic (the adapter draws it). */
  ShuffleQueue: z.object({ ...invoker, seed: z.number().int().min(0).max(2 ** 32 - 1) }),
  UndoLastQueueAction: z.object(invoker),
  EndMusicSession: z.object(invoker),
  SetMusicRules: z.object({ ...invoker, rules: MusicRulesSchema }),
  /** Save the queue (current track first) or a past session's tracks as a playlist; same name replaces it. */
  SavePlaylist: z.object({
    ...invoker,
    name: PLAYLIST_NAME,
    from: z.union([z.object({ kind: z.literal('queue') }), z.object({ kind: z.literal('session'), sessionNumber: z.number().int().min(1) })]).default({ kind: 'queue' }),
  }),
  LoadPlaylist: z.object({ ...invoker, name: PLAYLIST_NAME, channelId: SnowflakeSchema.nullable().default(null) }),
  DeletePlaylist: z.object({ ...invoker, name: PLAYLIST_NAME }),
  /** The player's facts (from the driver, actor system): what it actually did. */
  RecordTrackStarted: z.object({ entryId: EntryId, startedAt: z.iso.datetime(), offsetMs: z.number().int().min(0) }),
  RecordTrackFinished: z.object({ entryId: EntryId }),
  RecordTrackFailed: z.object({ entryId: EntryId, reason: z.string().trim().min(1).max(500) }),
  /** The bot left the voice channel (kicked, channel empty for too long, disconnected for good). */
  RecordPlayerDisconnected: z.object({ reason: z.string().trim().min(1).max(500) }),
} as const;
export type MusicSessionCommand = CommandOf<typeof musicSessionCommands>;
export type MusicSessionCommandType = MusicSessionCommand['type'];
