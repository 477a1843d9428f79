import { randomBytes } from 'node:crypto';
import {
  type CommandEnvelope,
  type CommandOf,
  commandFromEnvelope,
  type Decider,
  type DomainEvent,
  DomainError,
  newId,
  streamId,
} from '@guildhall/kernel';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { z } from 'zod';
import type { CommandBusOptions } from '../src/command-bus/command-bus-options.js';
import { createLogger } from '../src/logger.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Quiet unless asked, so a failing test's output is readable. */
export const testLogger = createLogger('command-bus-test', process.env.LOG_LEVEL ?? 'silent');

/** Unique JetStream names for one test file, so parallel runs on the shared server never meet. */
export const uniqueNames = (tag: string) => {
  const id = `${tag}_${randomBytes(4).toString('hex')}`;
  return {
    bus: {
      streamName: `CMD_${id}`,
      subjectPrefix: `cmd_${id}`,
      deadLetterStream: `DLQ_${id}`,
      deadLetterPrefix: `dlq_${id}`,
      resultsBucket: `RES_${id}`,
    } satisfies CommandBusOptions,
    events: { streamName: `EV_${id}`, subjectPrefix: `es_${id}` },
  };
};

/** Deletes what `uniqueNames` created; missing ones are fine. */
export const deleteStreams = async (nc: NatsConnection, names: ReturnType<typeof uniqueNames>): Promise<void> => {
  const jsm = await jetstreamManager(nc);
  for (const s of [names.bus.streamName, names.bus.deadLetterStream, names.events.streamName]) {
    await jsm.streams.delete(s).catch(() => undefined);
  }
  await new Kvm(nc)
    .open(names.bus.resultsBucket)
    .then((kv) => kv.destroy())
    .catch(() => undefined);
};

/** A tiny counter: `Increment` adds `by` unless it would pass `limit` (a domain rejection). */
export const counterCommands = {
  Increment: z.object({ counter: z.string().regex(/^[A-Za-z0-9_-]+$/), by: z.number().int().positive(), limit: z.number().int().optional() }),
};
export type CounterCommand = CommandOf<typeof counterCommands>;
export type CounterEvent = DomainEvent<'Incremented', { by: number; total: number }>;

export const counterDecider: Decider<number, CounterCommand, CounterEvent> = {
  initialState: () => 0,
  evolve: (total, event) => event.data.total,
  decide: (command, total) => {
    const next = total + command.data.by;
    if (command.data.limit !== undefined && next > command.data.limit) {
      throw new DomainError('COUNTER_LIMIT', `counter would pass its limit ${command.data.limit}`, { total, limit: command.data.limit });
    }
    return [{ type: 'Incremented', data: { by: command.data.by, total: next } }];
  },
};

export const toCounterCommand = (e: CommandEnvelope): CounterCommand => commandFromEnvelope(counterCommands, e);
export const counterStreamId = (command: CounterCommand): string => streamId('counter', 'counter', command.data.counter);

export const envelope = (payload: unknown, overrides: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  id: newId(),
  type: 'Increment',
  issuedAt: new Date().toISOString(),
  guildId: 'guild-1',
  actor: { kind: 'dashboard-user', id: 'u1', name: 'Ada' },
  source: 'web',
  correlationId: newId(),
  causationId: null,
  payload,
  ...overrides,
});

/** Polls `probe` until it returns a value (tests wait on real servers, never on fixed sleeps). */
export const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
