import { sliceHandler, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { moderationSlices } from './command-routing.js';
import { fourEyesGated, moderationDoor } from './four-eyes-handler.js';
import { MODERATION } from './stream-ids.js';

/** One handler per decider (member record, case-number counter, case, bulk, four-eyes, approvals), routed by command type, behind the four-eyes gate. */
export const moderationHandler = (store: EventStore): CommandHandlerFn => {
  const inner = sliceHandler(store, Object.values(moderationSlices));
  return fourEyesGated(store, inner, moderationDoor(inner));
};

/** The gate another context puts in front of its own handler (appeals' decision), with its own door. */
export { fourEyesGated, type FourEyesDoor } from './four-eyes-handler.js';

/**
 * Handles `cmd.moderation.*` on the bus. Import from `@guildhall/moderation/handler`: the package
 * root stays pure (no NATS), so the UI can replay cases with the same evolve.
 */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(MODERATION, moderationHandler(store), options);
