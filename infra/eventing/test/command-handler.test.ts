import { type CommandEnvelope, type CommandOf, type Decider, type DomainEvent, deciderSlice, deterministicId, DomainError, InfraError } from '@guildhall/kernel';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { commandHandler } from '../src/command-bus/command-handler.js';
import { routeCommands } from '../src/command-bus/command-router.js';
import { sliceHandler } from '../src/command-bus/slice-handler.js';
import type { EventStore } from '../src/event-store/event-store.js';
import { InMemoryEventStore } from '../src/event-store/in-memory-event-store.js';
import { type CounterCommand, counterCommands, counterDecider, counterStreamId, envelope, toCounterCommand } from './command-bus-support.js';

const handlerOn = (store: EventStore, extra: { maxTries?: number; schemaVersion?: number } = {}) =>
  commandHandler({ store, decider: counterDecider, streamIdOf: counterStreamId, toCommand: toCounterCommand, ...extra });

/** The real in-memory store, with another writer slipping in an append right after our first read. */
const racingStore = (inner: InMemoryEventStore, times = 1): EventStore => {
  let left = times;
  return {
    append: (...args) => inner.append(...args),
    readAll: (...args) => inner.readAll(...args),
    subscribeAll: (...args) => inner.subscribeAll(...args),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
    readStream: async (streamId, options) => {
      const read = await inner.readStream(streamId, options);
      if (left-- > 0) await handlerOn(inner)(envelope({ counter: streamId.split('.')[2], by: 10 }));
      return read;
    },
  };
};

describe('commandHandler (decider wired to an EventStore)', () => {
  it('appends the decided events with deterministic ids and the command meta', async () => {
    const store = new InMemoryEventStore();
    const cmd = envelope({ counter: 'a', by: 3 });
    const result = await handlerOn(store, { schemaVersion: 2 })(cmd);
    expect(result).toEqual({ status: 'accepted', commandId: cmd.id, streamId: 'counter.counter.a', version: 1, position: 1, eventCount: 1 });
    const { events } = await store.readStream('counter.counter.a');
    expect(events).toEqual([
      {
        id: deterministicId(cmd.id, 0),
        type: 'Incremented',
        schemaVersion: 2,
        streamId: 'counter.counter.a',
        version: 1,
        position: 1,
        occurredAt: cmd.issuedAt,
        guildId: cmd.guildId,
        actor: cmd.actor,
        source: cmd.source,
        correlationId: cmd.correlationId,
        causationId: cmd.id,
        payload: { by: 3, total: 3 },
      },
    ]);
  });

  it('folds the stream before deciding and appends at the version it read', async () => {
    const store = new InMemoryEventStore();
    const handle = handlerOn(store);
    await handle(envelope({ counter: 'b', by: 1 }));
    await handle(envelope({ counter: 'other', by: 5 }));
    const result = await handle(envelope({ counter: 'b', by: 2 }));
    expect(result).toMatchObject({ status: 'accepted', version: 3, position: 3 });
    expect((await store.readStream('counter.counter.b')).events.map((e) => e.payload)).toEqual([
      { by: 1, total: 1 },
      { by: 2, total: 3 },
    ]);
  });

  it('turns a DomainError from decide into a rejected result and appends nothing', async () => {
    const store = new InMemoryEventStore();
    const cmd = envelope({ counter: 'c', by: 4, limit: 3 });
    expect(await handlerOn(store)(cmd)).toEqual({
      status: 'rejected',
      commandId: cmd.id,
      code: 'COUNTER_LIMIT',
      message: 'counter would pass its limit 3',
      details: { total: 0, limit: 3 },
    });
    expect(await store.headPosition()).toBe(0);
  });

  it('rejects an invalid payload or an unknown type, naming the field, without appending', async () => {
    const store = new InMemoryEventStore();
    expect(await handlerOn(store)(envelope({ counter: 'd', by: -1 }))).toMatchObject({
      status: 'rejected',
      code: 'INVALID_COMMAND',
      details: { field: 'payload.by' },
    });
    expect(await handlerOn(store)(envelope({ counter: 'd', by: 1 }, { type: 'Decrement' }))).toMatchObject({
      status: 'rejected',
      code: 'UNKNOWN_COMMAND',
    });
    expect(await store.headPosition()).toBe(0);
  });

  it('has one effect for the same command twice, inside and past the store dedupe window', async () => {
    let now = 0;
    const store = new InMemoryEventStore({ now: () => now, duplicateWindowMs: 1_000 });
    const handle = handlerOn(store);
    // limit 1: deciding again on the new state would be rejected, so a second effect would show.
    const cmd = envelope({ counter: 'e', by: 1, limit: 1 });
    const first = await handle(cmd);
    expect(first).toMatchObject({ status: 'accepted', eventCount: 1 });
    expect(await handle(cmd)).toEqual(first);
    now = 10_000;
    expect(await handle(cmd)).toEqual(first);
    expect((await store.readStream('counter.counter.e')).events).toHaveLength(1);
  });

  it('reloads and decides again on VERSION_CONFLICT', async () => {
    const store = new InMemoryEventStore();
    const cmd = envelope({ counter: 'f', by: 1 });
    const result = await handlerOn(racingStore(store, 2))(cmd);
    expect(result).toMatchObject({ status: 'accepted', version: 3 });
    expect((await store.readStream('counter.counter.f')).events.map((e) => e.payload)).toEqual([
      { by: 10, total: 10 },
      { by: 10, total: 20 },
      { by: 1, total: 21 },
    ]);
  });

  it('queues commands on one stream inside one handler instead of racing them', async () => {
    let conflicts = 0;
    const inner = new InMemoryEventStore();
    const counting: EventStore = {
      append: (...args) =>
        inner.append(...args).catch((e: unknown) => {
          if (e instanceof InfraError && e.code === 'VERSION_CONFLICT') conflicts++;
          throw e;
        }),
      readAll: (...args) => inner.readAll(...args),
      subscribeAll: (...args) => inner.subscribeAll(...args),
      headPosition: () => inner.headPosition(),
      close: () => inner.close(),
      readStream: (...args) => inner.readStream(...args),
    };
    const handle = handlerOn(counting, { maxTries: 1 });
    const results = await Promise.all(Array.from({ length: 20 }, () => handle(envelope({ counter: 'q', by: 1 }))));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('accepted'));
    expect(conflicts).toBe(0);
    expect((await inner.readStream('counter.counter.q')).events.at(-1)?.payload).toEqual({ by: 1, total: 20 });
  });

  it('gives up with VERSION_CONFLICT after maxTries', async () => {
    const store = new InMemoryEventStore();
    const error = await handlerOn(racingStore(store, 3), { maxTries: 3 })(envelope({ counter: 'g', by: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await store.readStream('counter.counter.g')).events).toHaveLength(3);
  });

  it('accepts a decision with no events without appending', async () => {
    type Noop = DomainEvent<'Never', null>;
    const decider: Decider<null, CounterCommand, Noop> = { initialState: () => null, evolve: (s) => s, decide: () => [] };
    const store = new InMemoryEventStore();
    await handlerOn(store)(envelope({ counter: 'h', by: 1 }));
    const handle = commandHandler({ store, decider, streamIdOf: counterStreamId, toCommand: toCounterCommand });
    const cmd = envelope({ counter: 'h', by: 1 });
    expect(await handle(cmd)).toEqual({ status: 'accepted', commandId: cmd.id, streamId: 'counter.counter.h', version: 1, position: 1, eventCount: 0 });
    expect(await store.headPosition()).toBe(1);
  });
});

describe('routeCommands', () => {
  it('routes by type and refuses an unrouted type with UNKNOWN_COMMAND', async () => {
    const store = new InMemoryEventStore();
    const route = routeCommands({ Increment: handlerOn(store) });
    expect(await route(envelope({ counter: 'r', by: 1 }))).toMatchObject({ status: 'accepted' });
    const error = await route(envelope({}, { type: 'Reset' } satisfies Partial<CommandEnvelope>)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'UNKNOWN_COMMAND', details: { type: 'Reset' } });
  });
});

/** A second decider with other state and event types: a label set once per name. */
const labelCommands = { SetLabel: z.object({ name: z.string().regex(/^[a-z]+$/), label: z.string() }) };
const labelDecider: Decider<string | null, CommandOf<typeof labelCommands>, DomainEvent<'LabelSet', { label: string }>> = {
  initialState: () => null,
  evolve: (_label, event) => event.data.label,
  decide: (command, label) => {
    if (label !== null) throw new DomainError('LABEL_ALREADY_SET', 'label already set', { label });
    return [{ type: 'LabelSet', data: { label: command.data.label } }];
  },
};
const counterSlice = deciderSlice(counterCommands, counterDecider, counterStreamId);
const labelSlice = deciderSlice(labelCommands, labelDecider, (c) => `label.label.${c.data.name}`);

describe('sliceHandler', () => {
  it('decides each command with its own slice, on that slice’s stream', async () => {
    const store = new InMemoryEventStore();
    const handle = sliceHandler(store, [counterSlice, labelSlice]);
    expect(await handle(envelope({ counter: 's', by: 2 }))).toMatchObject({ status: 'accepted', streamId: 'counter.counter.s', eventCount: 1 });
    const label = (name: string): CommandEnvelope => envelope({ name, label: 'x' }, { type: 'SetLabel' });
    expect(await handle(label('door'))).toMatchObject({ status: 'accepted', streamId: 'label.label.door', eventCount: 1 });
    expect(await handle(label('door'))).toMatchObject({ status: 'rejected', code: 'LABEL_ALREADY_SET' });
    expect((await store.readStream('label.label.door')).events.map((e) => e.payload)).toEqual([{ label: 'x' }]);
  });

  it('refuses a type no slice knows with UNKNOWN_COMMAND, and a bad payload with INVALID_COMMAND', async () => {
    const store = new InMemoryEventStore();
    const error = await sliceHandler(store, [counterSlice, labelSlice])(envelope({}, { type: 'Reset' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN_COMMAND', details: { type: 'Reset' } });
    expect(await sliceHandler(store, [counterSlice])(envelope({}, { type: 'Reset' }))).toMatchObject({ status: 'rejected', code: 'UNKNOWN_COMMAND' });
    expect(await sliceHandler(store, [counterSlice, labelSlice])(envelope({ counter: 's', by: -1 }))).toMatchObject({ status: 'rejected', code: 'INVALID_COMMAND' });
    expect(await store.headPosition()).toBe(0);
  });
});
