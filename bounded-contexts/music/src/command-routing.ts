import { deciderSlice, eventFromEnvelope, streamAggregate, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { musicLibraryCommands } from './library/commands.js';
import { musicLibraryDecider } from './library/decider.js';
import { musicLibraryEvents, type MusicLibraryEvent } from './library/events.js';
import type { MusicLibraryState } from './library/state.js';
import { musicSessionCommands } from './session/commands.js';
import { musicSessionDecider } from './session/decider.js';
import { musicSessionEvents, type MusicSessionEvent } from './session/events.js';
import type { MusicSessionState } from './session/state.js';
import { musicLibraryStreamId, musicSessionStreamId } from './stream-ids.js';

/** Every music command type → the zod schema of its payload. */
export const commands = { ...musicSessionCommands, ...musicLibraryCommands };
export type MusicCommandType = keyof typeof commands;

/** The guild's session stream: one per guild, so every queue decision sees the whole queue. */
export const musicSessionSlice = deciderSlice(musicSessionCommands, musicSessionDecider, (c) => musicSessionStreamId(c.meta.guildId));
export const musicLibrarySlice = deciderSlice(musicLibraryCommands, musicLibraryDecider, (c) => musicLibraryStreamId(c.meta.guildId));

export const musicEvents = { ...musicSessionEvents, ...musicLibraryEvents };
export type MusicEvent = MusicSessionEvent | MusicLibraryEvent;

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>;
export const parseMusicSessionEvent = (e: Stored): MusicSessionEvent | undefined => eventFromEnvelope(musicSessionEvents, e);
export const parseMusicLibraryEvent = (e: Stored): MusicLibraryEvent | undefined => eventFromEnvelope(musicLibraryEvents, e);

/** The guild's session stream, for `aggregateStream` and `foldStream`. */
export const musicSessionAggregate: StreamAggregate<MusicSessionState, MusicSessionEvent> = streamAggregate(musicSessionDecider, musicSessionEvents);

/** The guild's library stream, for `aggregateStream` and `foldStream`. */
export const musicLibraryAggregate: StreamAggregate<MusicLibraryState, MusicLibraryEvent> = streamAggregate(musicLibraryDecider, musicLibraryEvents);
