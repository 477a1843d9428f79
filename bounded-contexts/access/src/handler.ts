import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { dataExportSlice, erasureSlice, guildAccessSlice, retentionSlice } from './routing.js';
import { ACCESS } from './stream-ids.js';

export const accessHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, [guildAccessSlice, dataExportSlice, erasureSlice, retentionSlice]);

/** Handles `cmd.access.*` on the bus. Import from `@guildhall/access/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(ACCESS, accessHandler(store), options);
