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
import { z } from 'zod';
import { createLogger } from '../src/logger.js';

/** Quiet unless asked, so a failing test's output is readable. */
export const testLogger = createLogger('command-bus-test', process.env.LOG_LEVEL ?? 'silent');

/** Names of one test file on the shared server, and their clean-up (the contexts' tests use them too). */
export { deleteStreams, NATS_URL, uniqueNames } from '../src/testing/index.js';

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
