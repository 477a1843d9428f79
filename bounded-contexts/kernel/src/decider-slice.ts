import type { CommandEnvelope } from './envelope.js';
import type { Decider } from './decider.js';
import { DomainError, ErrorCodes } from './errors.js';
import { commandFromEnvelope, type CommandOf, type PayloadSchemas } from './message-schemas.js';
import type { Command, DomainEvent } from './messages.js';

/** One decider with its command types, its stream and its payload parser: what a context's bus handler is built from. */
export type DeciderSlice<S, C extends Command, E extends DomainEvent> = Readonly<{
  decider: Decider<S, C, E>;
  commandTypes: readonly C['type'][];
  streamIdOf: (command: C) => string;
  toCommand: (envelope: CommandEnvelope, now?: string) => C;
}>;

/** A slice whose commands are the keys of `schemas`, parsed with `commandFromEnvelope`. */
export const deciderSlice = <M extends PayloadSchemas, S, E extends DomainEvent>(
  schemas: M,
  decider: Decider<S, CommandOf<M>, E>,
  streamIdOf: (command: CommandOf<M>) => string,
): DeciderSlice<S, CommandOf<M>, E> => ({
  decider,
  commandTypes: Object.keys(schemas) as CommandOf<M>['type'][],
  streamIdOf,
  toCommand: (envelope, now) => commandFromEnvelope(schemas, envelope, now),
});

/**
 * The stream a command of any of a context's slices is decided on: its own slice's `streamIdOf`,
 * found by command type (a context's slices have disjoint command types), so the slices stay the
 * one place that says which stream a command goes to. A type of none of them: DomainError UNKNOWN_COMMAND.
 */
export const streamIdOfSlices = <C extends Command>(
  slices: Readonly<Record<string, Readonly<{ commandTypes: readonly string[]; streamIdOf: (command: never) => string }>>>,
): ((command: C) => string) => {
  const byType = new Map<string, (command: C) => string>();
  // Sound: each slice's streamIdOf was built for its own command types (see `deciderSlice`).
  for (const slice of Object.values(slices)) for (const type of slice.commandTypes) byType.set(type, slice.streamIdOf as (command: C) => string);
  return (command) => {
    const of = byType.get(command.type);
    if (!of) throw new DomainError(ErrorCodes.UNKNOWN_COMMAND, `unknown command type "${command.type}"`, { type: command.type });
    return of(command);
  };
};
