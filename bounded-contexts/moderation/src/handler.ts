import {
  commandHandler,
  routeCommands,
  type CommandBus,
  type CommandConsumer,
  type CommandHandlerFn,
  type EventStore,
  type HandleOptions,
} from '@guildhall/eventing';
import type { DomainEvent } from '@guildhall/kernel';
import { moderationSlices, type DeciderSlice, type ModerationCommand } from './command-routing.js';
import { MODERATION } from './stream-ids.js';

const routesOf = <S, C extends ModerationCommand, E extends DomainEvent>(
  store: EventStore,
  slice: DeciderSlice<S, C, E>,
): [string, CommandHandlerFn][] => {
  const handle = commandHandler({ store, decider: slice.decider, streamIdOf: slice.streamIdOf, toCommand: slice.toCommand });
  return slice.commandTypes.map((type) => [type, handle]);
};

/** One handler per decider (member record, case-number counter, case, bulk), routed by command type. */
export const moderationHandler = (store: EventStore): CommandHandlerFn =>
  routeCommands(
    Object.fromEntries([
      ...routesOf(store, moderationSlices.memberRecord),
      ...routesOf(store, moderationSlices.caseNumber),
      ...routesOf(store, moderationSlices.case),
      ...routesOf(store, moderationSlices.bulkAction),
    ]),
  );

/**
 * Handles `cmd.moderation.*` on the bus. Import from `@guildhall/moderation/handler`: the package
 * root stays pure (no NATS), so the UI can replay cases with the same evolve.
 */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(MODERATION, moderationHandler(store), options);
