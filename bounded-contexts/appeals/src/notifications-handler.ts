import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { emailPreferenceSlice, NOTIFICATIONS, notificationSlice } from './notifications-routing.js';

export const notificationsHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, [notificationSlice, emailPreferenceSlice]);

/** Handles `cmd.notifications.*` on the bus (the notifier service). Import from `@guildhall/appeals/notifications-handler`. */
export const registerNotifications = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(NOTIFICATIONS, notificationsHandler(store), options);
