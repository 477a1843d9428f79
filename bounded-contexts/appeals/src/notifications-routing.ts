import { deciderSlice, eventFromEnvelope, streamAggregate, streamId, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { emailPreferenceCommands } from './email-preference/commands.js';
import { emailPreferenceDecider } from './email-preference/decider.js';
import { emailPreferenceEvents, type EmailPreferenceEvent } from './email-preference/events.js';
import type { EmailPreferenceState } from './email-preference/state.js';
import { notificationCommands } from './notification/commands.js';
import { notificationDecider } from './notification/decider.js';
import { notificationEvents, type NotificationEvent } from './notification/events.js';
import type { NotificationState } from './notification/state.js';
import { APPEALS } from './stream-ids.js';

/**
 * The notifications' commands travel on `cmd.notifications.*`, handled by the notifier service
 * (not on `cmd.appeals.*`: a work-queue stream takes one consumer per subject, and the appeals
 * service owns that one). Their streams are the appeals context's.
 */
export const NOTIFICATIONS = 'notifications';

/**
 * The guild id a member's own streams carry (an email preference belongs to the person, not to one
 * guild): "0", which no Discord guild has.
 */
export const MEMBER_SCOPE_GUILD = '0';

/** One outbox entry: a notification from queued to sent or given up. */
export const notificationStreamId = (notificationId: string): string => streamId(APPEALS, 'notification', notificationId);

/** A member's email address and opt-in. */
export const emailPreferenceStreamId = (userId: string): string => streamId(APPEALS, 'email', userId);

export const notificationsCommands = { ...notificationCommands, ...emailPreferenceCommands };
export type NotificationsCommandType = keyof typeof notificationsCommands;

export const notificationSlice = deciderSlice(notificationCommands, notificationDecider, (c) => notificationStreamId(c.data.notificationId));
export const emailPreferenceSlice = deciderSlice(emailPreferenceCommands, emailPreferenceDecider, (c) => emailPreferenceStreamId(c.data.userId));

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>;
export const parseNotificationEvent = (e: Stored): NotificationEvent | undefined => eventFromEnvelope(notificationEvents, e);
export const parseEmailPreferenceEvent = (e: Stored): EmailPreferenceEvent | undefined => eventFromEnvelope(emailPreferenceEvents, e);

export const notificationAggregate: StreamAggregate<NotificationState, NotificationEvent> = streamAggregate(notificationDecider, notificationEvents);

export const emailPreferenceAggregate: StreamAggregate<EmailPreferenceState, EmailPreferenceEvent> = streamAggregate(emailPreferenceDecider, emailPreferenceEvents);
