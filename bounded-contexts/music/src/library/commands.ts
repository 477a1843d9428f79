import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InvokerSchema } from '../music-schemas.js';

/**
 * A track the library scanner found (the voice branch's `scanLibrary(dir): Promise<LibraryTrack[]>`
 * returns these): title, artist and duration from the file's tags.
 */
export const LibraryTrackSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'must be 1-200 of A-Z a-z 0-9 _ . : -'),
  path: z.string().min(1).max(2000),
  title: z.string().trim().min(1).max(200),
  artist: z.string().max(200).nullable(),
  durationMs: z.number().int().min(0).max(24 * 3600_000),
  format: z.string().min(1).max(40),
});
export type LibraryTrack = z.output<typeof LibraryTrackSchema>;

/** Commands of the guild's library (stream `music.library.<guildId>`). */
export const musicLibraryCommands = {
  /** The scanner's full listing of the library folder: new tracks are added, changed ones updated, gone ones removed (uploads stay). */
  RecordLibraryScan: z.object({ tracks: z.array(LibraryTrackSchema).max(20_000) }),
  /** A file uploaded from the dashboard, stored and checked by the API. */
  RecordTrackUploaded: z.object({ invoker: InvokerSchema, track: LibraryTrackSchema, sizeBytes: z.number().int().min(1) }),
  RemoveLibraryTrack: z.object({ invoker: InvokerSchema, trackId: z.string().min(1).max(200) }),
} as const;
export type MusicLibraryCommand = CommandOf<typeof musicLibraryCommands>;
