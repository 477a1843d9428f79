import type { Command, CommandEnvelope, DeciderSlice, DomainEvent } from '@guildhall/kernel';
import type { EventStore } from '../event-store/event-store.js';
import type { CommandHandlerFn } from './command-consumer.js';
import { commandHandler } from './command-handler.js';
import { routeCommands } from './command-router.js';

/**
 * Any `DeciderSlice`, its state, command and event types forgotten so that a context's slices fit
 * in one array (a slice's types are invariant, so no concrete union would take them all).
 */
export type AnyDeciderSlice = Readonly<{
  decider: Readonly<{
    decide: (command: never, state: never) => readonly DomainEvent[];
    evolve: (state: never, event: never) => unknown;
    initialState: () => unknown;
  }>;
  commandTypes: readonly string[];
  streamIdOf: (command: never) => string;
  toCommand: (envelope: CommandEnvelope, now?: string) => Command;
}>;

const handlerOf = (store: EventStore, slice: AnyDeciderSlice): CommandHandlerFn => {
  // Sound: a slice's parser, stream function and decider were built for the same command and event
  // types (see `deciderSlice`); only the array forgot which ones.
  const typed = slice as DeciderSlice<unknown, Command, DomainEvent>;
  return commandHandler({ store, decider: typed.decider, streamIdOf: typed.streamIdOf, toCommand: typed.toCommand });
};

/**
 * A context's bus handler: one `commandHandler` per decider slice, chosen by command type
 * (`routeCommands`). A single slice needs no routing: its own parser rejects a foreign type.
 */
export const sliceHandler = (store: EventStore, slices: readonly AnyDeciderSlice[]): CommandHandlerFn => {
  const [only] = slices;
  if (slices.length === 1 && only) return handlerOf(store, only);
  return routeCommands(
    Object.fromEntries(
      slices.flatMap((slice) => {
        const handle = handlerOf(store, slice);
        return slice.commandTypes.map((type): [string, CommandHandlerFn] => [type, handle]);
      }),
    ),
  );
};
