import { ActorSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { Instant } from '../music-schemas.js';
import { LibraryTrackSchema } from './commands.js';

const LibraryOrigin = z.enum(['library', 'upload']);

export const musicLibraryEvents = {
  LibraryTrackAdded: z.object({ track: LibraryTrackSchema, origin: LibraryOrigin, by: ActorSchema, at: Instant }),
  LibraryTrackUpdated: z.object({ track: LibraryTrackSchema, origin: LibraryOrigin, by: ActorSchema, at: Instant }),
  LibraryTrackRemoved: z.object({ trackId: z.string(), by: ActorSchema, at: Instant }),
} as const;
export type MusicLibraryEvent = EventOf<typeof musicLibraryEvents>;
