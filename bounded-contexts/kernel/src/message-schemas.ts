import type { z } from 'zod';
import type { CommandEnvelope, EventEnvelope } from './envelope.js';
import { DomainError, ErrorCodes, InfraError } from './errors.js';
import type { Command, CommandMeta, DomainEvent } from './messages.js';

/** A map of message type → zod schema of its payload (a context's commands, or its events). */
export type PayloadSchemas = Readonly<Record<string, z.ZodType>>;

/** The command union a schema map describes: `Command<'BanMember', {...}> | ...`. */
export type CommandOf<M extends PayloadSchemas> = {
  [K in keyof M & string]: Command<K, z.output<M[K]>>;
}[keyof M & string];

/** The event union a schema map describes: `DomainEvent<'CaseOpened', {...}> | ...`. */
export type EventOf<M extends PayloadSchemas> = {
  [K in keyof M & string]: DomainEvent<K, z.output<M[K]>>;
}[keyof M & string];

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), 'payload');

/**
 * Turns a bus envelope into a typed command: the payload is parsed with its schema, the meta is
 * copied. `now` defaults to `issuedAt`, so a redelivered command is decided at the same moment.
 * Throws DomainError UNKNOWN_COMMAND / INVALID_COMMAND (naming the first bad field).
 */
export const commandFromEnvelope = <M extends PayloadSchemas>(
  schemas: M,
  envelope: CommandEnvelope,
  now: string = envelope.issuedAt,
): CommandOf<M> => {
  if (!Object.hasOwn(schemas, envelope.type)) {
    throw new DomainError(ErrorCodes.UNKNOWN_COMMAND, `unknown command type "${envelope.type}"`, {
      command: envelope.type,
      known: Object.keys(schemas),
    });
  }
  const parsed = schemas[envelope.type]!.safeParse(envelope.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = pathOf(issue.path);
    throw new DomainError(ErrorCodes.INVALID_COMMAND, `${envelope.type}: ${field}: ${issue.message}`, {
      command: envelope.type,
      field,
      reason: issue.message,
      issues: parsed.error.issues.map((i) => ({ field: pathOf(i.path), reason: i.message })),
    });
  }
  const meta: CommandMeta = {
    commandId: envelope.id,
    now,
    guildId: envelope.guildId,
    actor: envelope.actor,
    source: envelope.source,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
  };
  return { type: envelope.type, data: parsed.data, meta } as CommandOf<M>;
};

/**
 * Parses a stored event into a typed domain event for readers (projections, UI, process
 * managers). Returns undefined for a type the map does not know (another context's event);
 * throws InfraError INVALID_MESSAGE when a known type's payload does not match its schema.
 */
export const eventFromEnvelope = <M extends PayloadSchemas>(
  schemas: M,
  envelope: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>,
): EventOf<M> | undefined => {
  if (!Object.hasOwn(schemas, envelope.type)) return undefined;
  const parsed = schemas[envelope.type]!.safeParse(envelope.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = pathOf(issue.path);
    throw new InfraError(ErrorCodes.INVALID_MESSAGE, `${envelope.type} in ${envelope.streamId}@${envelope.version}: ${field}: ${issue.message}`, {
      type: envelope.type,
      streamId: envelope.streamId,
      field,
      reason: issue.message,
    });
  }
  return { type: envelope.type, data: parsed.data } as EventOf<M>;
};
