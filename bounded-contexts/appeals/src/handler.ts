import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { appealSettingsSlice, caseAppealsSlice } from './command-routing.js';
import { gatedAppealsHandler, moderationOverBus } from './four-eyes-door.js';
import { APPEALS } from './stream-ids.js';

/**
 * Appeals' deciders behind the four-eyes gate (an appeal decision may wait for a second
 * moderator); `moderation` is how the gate reaches moderation's approval requests.
 */
export const appealsHandler = (store: EventStore, moderation: CommandHandlerFn): CommandHandlerFn =>
  gatedAppealsHandler(store, sliceHandler(store, [caseAppealsSlice, appealSettingsSlice]), moderation);

/** Handles `cmd.appeals.*` on the bus. Import from `@guildhall/appeals/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(APPEALS, appealsHandler(store, moderationOverBus(bus)), options);

export { refusalOfDecision, heldApprovalId } from './four-eyes-door.js';
