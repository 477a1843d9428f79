import { streamId } from '@guildhall/kernel';

export const COMMUNITY = 'community';

/** A member's life in a guild: joins, leaves, roles, nickname. */
export const memberStreamId = (guildId: string, userId: string): string => streamId(COMMUNITY, 'member', `${guildId}-${userId}`);

/**
 * One message's history, only for messages that were edited or deleted: recording every post
 * would make one subject per message (JetStream memory grows with subjects) and keep content
 * nobody asked to keep. The gateway passes the content it has cached.
 */
export const messageStreamId = (guildId: string, messageId: string): string => streamId(COMMUNITY, 'message', `${guildId}-${messageId}`);

/** The guild's channels and roles. */
export const guildStructureStreamId = (guildId: string): string => streamId(COMMUNITY, 'guild', guildId);

/** Presence counts over time (kept apart so the structure stream stays short). */
export const presenceStreamId = (guildId: string): string => streamId(COMMUNITY, 'presence', guildId);

/**
 * New messages of one channel in one UTC hour (`<guildId>-<channelId>-<yyyymmddhh>`): a subject per
 * channel-hour instead of per message keeps JetStream's subject count small, and a stream short
 * enough to load before each decision.
 */
export const postedMessageStreamId = (guildId: string, channelId: string, createdAt: string): string =>
  streamId(COMMUNITY, 'channel-hour', `${guildId}-${channelId}-${createdAt.slice(0, 13).replace(/[-T]/g, '')}`);
