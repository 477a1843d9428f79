import {
  type Command,
  type CommandEnvelope,
  type Decider,
  type DomainEvent,
  type EventEnvelope,
  type NewEvent,
  deterministicId,
  ErrorCodes,
  InfraError,
  isDomainError,
} from '@guildhall/kernel';
import { aggregateStream } from '../event-store/aggregate-stream.js';
import type { EventStore } from '../event-store/event-store.js';
import { keyedLock } from './keyed-lock.js';
import type { AcceptedResult, HandlerOutcome, RejectedResult } from './command-result.js';

export type CommandHandlerOptions<S, C extends Command, E extends DomainEvent> = Readonly<{
  store: EventStore;
  decider: Decider<S, C, E>;
  /** The stream the command decides on. Pure: from the command alone (e.g. a per-guild counter stream). */
  streamIdOf: (command: C) => string;
  /**
   * Validates the payload (zod) into the decider's command, usually
   * `(e) => commandFromEnvelope(schemas, e)` from the kernel; throws INVALID_COMMAND / UNKNOWN_COMMAND.
   * The command's `meta` (who, `now`) is what the new events carry.
   */
  toCommand: (envelope: CommandEnvelope) => C;
  /** Maps a stored event back to the decider's event (upcasting lives here). Default: `{ type, data: payload }`. */
  toEvent?: (event: EventEnvelope) => E;
  /** Schema version stamped on new events. Default 1. */
  schemaVersion?: number | ((event: E) => number);
  /** Load → decide → append attempts when another writer got there first. Default 5. */
  maxTries?: number;
}>;

/** Events of this stream were written by this decider; the default trusts their shape. */
const defaultToEvent = <E extends DomainEvent>(event: EventEnvelope): E => ({ type: event.type, data: event.payload }) as E;

const jitter = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));

/** Bad input reported as InfraError by older parsers: a rejection, not a failure. */
const PAYLOAD_CODES: ReadonlySet<string> = new Set([ErrorCodes.INVALID_COMMAND, ErrorCodes.UNKNOWN_COMMAND]);

const isVersionConflict = (e: unknown): boolean => e instanceof InfraError && e.code === ErrorCodes.VERSION_CONFLICT;

/**
 * Wires a decider to the store: load stream → fold → decide → append at the version read.
 *
 * Idempotent per command id: events get deterministic ids, the append's commitId is the command
 * id (the store dedupes a retried append), and a stream that already holds events caused by this
 * command is answered from them without deciding again (a redelivery after a crash).
 */
export const commandHandler = <S, C extends Command, E extends DomainEvent>(
  options: CommandHandlerOptions<S, C, E>,
): ((envelope: CommandEnvelope) => Promise<HandlerOutcome>) => {
  const { store, decider, streamIdOf, toCommand } = options;
  const toEvent = options.toEvent ?? defaultToEvent<E>;
  const aggregate = { initialState: decider.initialState, evolve: decider.evolve, eventOf: toEvent };
  const maxTries = Math.max(1, options.maxTries ?? 5);
  const versionOf = (e: E): number =>
    typeof options.schemaVersion === 'function' ? options.schemaVersion(e) : (options.schemaVersion ?? 1);

  // In-process, commands on one stream queue; across processes the version check decides.
  const serialize = keyedLock();

  return async (envelope) => {
    const rejected = (e: { code: string; message: string; details: Readonly<Record<string, unknown>> }): RejectedResult => ({
      status: 'rejected',
      commandId: envelope.id,
      code: e.code,
      message: e.message,
      details: { ...e.details },
    });
    let command: C;
    let streamId: string;
    try {
      command = toCommand(envelope);
      streamId = streamIdOf(command);
    } catch (e) {
      if (isDomainError(e) || (e instanceof InfraError && PAYLOAD_CODES.has(e.code))) return rejected(e);
      throw e;
    }
    const { meta } = command;

    return serialize(streamId, async () => {
      for (let attempt = 1; ; attempt++) {
        const { state, version, events } = await aggregateStream(store, streamId, aggregate);
        const own = events.filter((e) => e.causationId === envelope.id);
        const last = own.at(-1);
        if (last) return accepted(envelope.id, streamId, last.version, last.position, own.length);

        let decided: readonly E[];
        try {
          decided = decider.decide(command, state);
        } catch (e) {
          if (isDomainError(e)) return rejected(e);
          throw e;
        }
        if (decided.length === 0) return accepted(envelope.id, streamId, version, events.at(-1)?.position ?? 0, 0);

        const newEvents: NewEvent[] = decided.map((event, index) => ({
          id: deterministicId(envelope.id, index),
          type: event.type,
          schemaVersion: versionOf(event),
          occurredAt: meta.now,
          guildId: meta.guildId,
          actor: meta.actor,
          source: meta.source,
          correlationId: meta.correlationId,
          causationId: envelope.id,
          payload: event.data,
        }));
        try {
          const appended = await store.append(streamId, newEvents, version, { commitId: envelope.id });
          return accepted(envelope.id, streamId, appended.version, appended.position, newEvents.length);
        } catch (e) {
          if (!isVersionConflict(e) || attempt >= maxTries) throw e;
          await jitter(attempt);
        }
      }
    });
  };
};

const accepted = (commandId: string, streamId: string, version: number, position: number, eventCount: number): AcceptedResult => ({
  status: 'accepted',
  commandId,
  streamId,
  version,
  position,
  eventCount,
});
