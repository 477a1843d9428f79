import { eventFromEnvelope, type EventEnvelope, type EventOf } from '@guildhall/kernel';
import { approvalRequestEvents } from './approval-request/events.js';
import { bulkActionEvents } from './bulk-action/events.js';
import { fourEyesEvents } from './four-eyes/events.js';
import { caseEvents } from './case/events.js';
import { caseNumberEvents } from './case-number/events.js';
import { memberRecordEvents } from './member-record/events.js';
import { reportEvents } from './report/events.js';

/** Every moderation event type → the zod schema of its payload (for projections, the UI, process managers). */
export const moderationEvents = {
  ...memberRecordEvents,
  ...caseNumberEvents,
  ...caseEvents,
  ...bulkActionEvents,
  ...fourEyesEvents,
  ...approvalRequestEvents,
  ...reportEvents,
} as const;

export type ModerationEvent = EventOf<typeof moderationEvents>;
export type ModerationEventType = ModerationEvent['type'];

/** A stored event as a typed moderation event; undefined for other contexts' types; INVALID_MESSAGE when malformed. */
export const parseModerationEvent = (
  envelope: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>,
): ModerationEvent | undefined => eventFromEnvelope(moderationEvents, envelope);
