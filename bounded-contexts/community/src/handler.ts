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
import { communitySlices, type CommunityCommand, type DeciderSlice } from './command-routing.js';
import { COMMUNITY } from './stream-ids.js';

const routesOf = <S, C extends CommunityCommand, E extends DomainEvent>(
  store: EventStore,
  slice: DeciderSlice<S, C, E>,
): [string, CommandHandlerFn][] => {
  const handle = commandHandler({ store, decider: slice.decider, streamIdOf: slice.streamIdOf, toCommand: slice.toCommand });
  return slice.commandTypes.map((type) => [type, handle]);
};

export const communityHandler = (store: EventStore): CommandHandlerFn =>
  routeCommands(
    Object.fromEntries([
      ...routesOf(store, communitySlices.member),
      ...routesOf(store, communitySlices.message),
      ...routesOf(store, communitySlices.guildStructure),
      ...routesOf(store, communitySlices.presence),
    ]),
  );

/** Handles `cmd.community.*` on the bus. Import from `@guildhall/community/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(COMMUNITY, communityHandler(store), options);
