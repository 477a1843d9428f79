import { commandFromEnvelope, deciderSlice, eventFromEnvelope, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { outgoingMessageDecider } from './outgoing-message-decider.js';
import { outgoingMessageCommands, outgoingMessageEvents, type OutgoingMessageCommand, type OutgoingMessageEvent } from './outgoing-message-messages.js';
import { messagePurgeCommands } from './message-purge-messages.js';
import { directMessageCommands } from './direct-message-messages.js';
import { outgoingMessageStreamId } from './stream-ids.js';

/**
 * Every messaging command type → the zod schema of its payload. SendMessage and PurgeMessages are
 * public; the Record* come from the executor. Purges and DMs have their own slices (message-purge-routing.ts,
 * direct-message-routing.ts); SendDirectMessage is the notifier's, not the web's.
 */
export const commands = { ...outgoingMessageCommands, ...messagePurgeCommands, ...directMessageCommands };
export type MessagingCommand = OutgoingMessageCommand;
export const publicCommandTypes = ['SendMessage', 'PurgeMessages'] as const;

/** Every messaging event type → the zod schema of its payload. */
export const messagingEvents = outgoingMessageEvents;
export type MessagingEvent = OutgoingMessageEvent;

export const toCommand = (envelope: CommandEnvelope, now?: string): MessagingCommand => commandFromEnvelope(outgoingMessageCommands, envelope, now);

/** SendMessage opens the stream named by its own command id; outcomes name it. */
export const streamIdOf = (c: MessagingCommand): string =>
  outgoingMessageStreamId(c.meta.guildId, c.type === 'SendMessage' ? c.meta.commandId : c.data.requestId);

/** The context's one decider, with its commands and stream. */
export const messagingSlice = deciderSlice(outgoingMessageCommands, outgoingMessageDecider, streamIdOf);

export const parseMessagingEvent = (
  envelope: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>,
): MessagingEvent | undefined => eventFromEnvelope(messagingEvents, envelope);
