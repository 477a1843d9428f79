import { ActorSchema, SnowflakeSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { EntryId, Instant, LoopModeSchema, MusicRulesSchema, QueueEntrySchema, TrackRefSchema } from '../music-schemas.js';

const by = { by: ActorSchema, at: Instant };
const entry = { entryId: EntryId };
/** The entry that plays next after a change of track (null: the queue ran out). */
const next = { nextEntryId: EntryId.nullable() };

/** Why the track changed, for the history and the driver. */
export const musicSessionEvents = {
  MusicSessionStarted: z.object({ sessionNumber: z.number().int().min(1), channelId: SnowflakeSchema, ...by }),
  MusicSessionEnded: z.object({ sessionNumber: z.number().int().min(1), reason: z.enum(['stopped', 'disconnected', 'queue-ended']), detail: z.string().nullable(), ...by }),
  TrackQueued: z.object({ entry: QueueEntrySchema, placement: z.enum(['end', 'next']), ...by }),
  /** Several entries at once (a playlist). */
  PlaylistLoaded: z.object({ name: z.string(), entries: z.array(QueueEntrySchema), ...by }),
  QueueEntryRemoved: z.object({ ...entry, index: z.number().int().min(0), track: TrackRefSchema, ...by }),
  QueueEntryMoved: z.object({ ...entry, fromIndex: z.number().int().min(0), toIndex: z.number().int().min(0), track: TrackRefSchema, ...by }),
  QueueCleared: z.object({ entries: z.array(QueueEntrySchema), ...by }),
  QueueShuffled: z.object({ seed: z.number().int(), order: z.array(EntryId), previousOrder: z.array(EntryId), ...by }),
  /** Undo of the last queue action: `order` is the queue afterwards; `restored` the entries put back. */
  QueueActionUndone: z.object({ undone: z.string(), summary: z.string(), order: z.array(EntryId), restored: z.array(QueueEntrySchema), ...by }),
  SkipVoteCast: z.object({ ...entry, votes: z.number().int().min(1), needed: z.number().int().min(1), ...by }),
  TrackSkipped: z.object({ ...entry, track: TrackRefSchema, ...next, ...by }),
  PreviousTrackSelected: z.object({ ...entry, track: TrackRefSchema, replacedEntryId: EntryId.nullable(), ...by }),
  PlaybackPaused: z.object({ ...entry, offsetMs: z.number().int().min(0), ...by }),
  PlaybackResumed: z.object({ ...entry, offsetMs: z.number().int().min(0), ...by }),
  PlaybackSeeked: z.object({ ...entry, offsetMs: z.number().int().min(0), fromMs: z.number().int().min(0), ...by }),
  VolumeChanged: z.object({ volume: z.number().int().min(0).max(200), previous: z.number().int().min(0).max(200), ...by }),
  LoopModeChanged: z.object({ mode: LoopModeSchema, ...by }),
  MusicRulesChanged: z.object({ rules: MusicRulesSchema, ...by }),
  PlaylistSaved: z.object({ name: z.string(), tracks: z.array(TrackRefSchema), fromSession: z.number().int().nullable(), replaced: z.boolean(), ...by }),
  PlaylistDeleted: z.object({ name: z.string(), ...by }),
  /** The player's facts. */
  TrackStarted: z.object({ ...entry, track: TrackRefSchema, startedAt: Instant, offsetMs: z.number().int().min(0), ...by }),
  TrackFinished: z.object({ ...entry, track: TrackRefSchema, ...next, ...by }),
  TrackFailed: z.object({ ...entry, track: TrackRefSchema, reason: z.string(), ...next, ...by }),
} as const;
export type MusicSessionEvent = EventOf<typeof musicSessionEvents>;
export type MusicSessionEventType = MusicSessionEvent['type'];
export type MusicSessionEventOf<T extends MusicSessionEventType> = Extract<MusicSessionEvent, { type: T }>;
