import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { moderationSlices } from './command-routing.js';
import { fourEyesGated } from './four-eyes-handler.js';
import { MODERATION } from './stream-ids.js';

/** One handler per decider (member record, case-number counter, case, bulk, four-eyes, approvals), routed by command type, behind the four-eyes gate. */
export const moderationHandler = (store: EventStore): CommandHandlerFn => fourEyesGated(store, sliceHandler(store, Object.values(moderationSlices)));

/**
 * Handles `cmd.moderation.*` on the bus. Import from `@guildhall/moderation/handler`: the package
 * root stays pure (no NATS), so the UI can replay cases with the same evolve.
 */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(MODERATION, moderationHandler(store), options);
