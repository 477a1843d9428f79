import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { musicLibrarySlice, musicSessionSlice } from './command-routing.js';
import { MUSIC } from './stream-ids.js';

export const musicHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, [musicSessionSlice, musicLibrarySlice]);

/** Handles `cmd.music.*` on the bus. Import from `@guildhall/music/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> => bus.handle(MUSIC, musicHandler(store), options);
