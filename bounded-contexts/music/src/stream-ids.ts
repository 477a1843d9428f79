import { streamId } from '@guildhall/kernel';

export const MUSIC = 'music';

/** The guild's music: every session, its queue, playback, rules, playlists and history. */
export const musicSessionStreamId = (guildId: string): string => streamId(MUSIC, 'session', guildId);

/** The guild's library: tracks found by the scanner and files uploaded from the dashboard. */
export const musicLibraryStreamId = (guildId: string): string => streamId(MUSIC, 'library', guildId);
