import type { CommandEnvelope } from './envelope.js';
import type { Decider } from './decider.js';
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
