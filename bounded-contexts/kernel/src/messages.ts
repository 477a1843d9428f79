import type { MessageMeta } from './envelope.js';

/** A domain event as deciders produce and evolvers consume it: a type and its data. */
export type DomainEvent<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
}>;

/** What a decider knows about the command besides its data: who, from where, when. */
export type CommandMeta = MessageMeta &
  Readonly<{
    commandId: string;
    /** The moment the command is decided, ISO-8601; deciders use it instead of reading a clock. */
    now: string;
  }>;

export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
  meta: CommandMeta;
}>;
