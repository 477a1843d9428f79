import { streamId } from '@guildhall/kernel';

export const MESSAGING = 'messaging';

/** One message sent from the web, from request to outcome; the request id is the SendMessage command id. */
export const outgoingMessageStreamId = (guildId: string, requestId: string): string =>
  streamId(MESSAGING, 'outgoing', `${guildId}-${requestId}`);

/** One purge of a channel, from request to outcome; the request id is the PurgeMessages command id. */
export const messagePurgeStreamId = (guildId: string, requestId: string): string => streamId(MESSAGING, 'purge', `${guildId}-${requestId}`);

/** One DM from the bot to a member, from request to outcome; the request id is the SendDirectMessage command id. */
export const directMessageStreamId = (guildId: string, requestId: string): string => streamId(MESSAGING, 'dm', `${guildId}-${requestId}`);
