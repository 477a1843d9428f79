import { eventFromEnvelope, type EventEnvelope, type EventOf } from '@guildhall/kernel';
import { guildStructureEvents } from './guild-structure-messages.js';
import { memberEvents } from './member-messages.js';
import { messageEvents } from './message-messages.js';
import { postedMessageEvents } from './posted-message-messages.js';
import { presenceEvents } from './presence-decider.js';

/** Every community event type → the zod schema of its payload. */
export const communityEvents = {
  ...memberEvents,
  ...messageEvents,
  ...postedMessageEvents,
  ...guildStructureEvents,
  ...presenceEvents,
} as const;
export type CommunityEvent = EventOf<typeof communityEvents>;

/** A stored event as a typed community event; undefined for other contexts' types; INVALID_MESSAGE when malformed. */
export const parseCommunityEvent = (
  envelope: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>,
): CommunityEvent | undefined => eventFromEnvelope(communityEvents, envelope);
