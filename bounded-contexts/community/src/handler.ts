import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { communitySlices } from './command-routing.js';
import { COMMUNITY } from './stream-ids.js';

/** One handler per decider (member, message, guild structure, presence), routed by command type. */
export const communityHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, Object.values(communitySlices));

/** Handles `cmd.community.*` on the bus. Import from `@guildhall/community/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(COMMUNITY, communityHandler(store), options);
