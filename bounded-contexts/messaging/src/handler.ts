import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { messagingSlice } from './command-routing.js';
import { messagePurgeSlice } from './message-purge-routing.js';
import { directMessageSlice } from './direct-message-routing.js';
import { MESSAGING } from './stream-ids.js';

export const messagingHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, [messagingSlice, messagePurgeSlice, directMessageSlice]);

/** Handles `cmd.messaging.*` on the bus. Import from `@guildhall/messaging/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(MESSAGING, messagingHandler(store), options);
