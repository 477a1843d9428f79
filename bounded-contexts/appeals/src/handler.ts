import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { appealSettingsSlice, caseAppealsSlice } from './command-routing.js';
import { APPEALS } from './stream-ids.js';

export const appealsHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, [caseAppealsSlice, appealSettingsSlice]);

/** Handles `cmd.appeals.*` on the bus. Import from `@guildhall/appeals/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> => bus.handle(APPEALS, appealsHandler(store), options);
