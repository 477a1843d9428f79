import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type CommandEnvelope,
  type CommandOf,
  type Decider,
  DomainError,
  type DomainEvent,
  deciderSlice,
  type EventOf,
  foldStream,
  streamAggregate,
  streamIdOfSlices,
} from '../src/index.js';

const commands = {
  Open: z.object({ door: z.string().min(1) }),
  Close: z.object({ door: z.string().min(1) }),
} as const;
type DoorCommand = CommandOf<typeof commands>;
type DoorEvent = DomainEvent<'Opened' | 'Closed', { door: string }>;

const decider: Decider<boolean, DoorCommand, DoorEvent> = {
  initialState: () => false,
  evolve: (_open, e) => e.type === 'Opened',
  decide: (c) => [{ type: c.type === 'Open' ? 'Opened' : 'Closed', data: { door: c.data.door } }],
};

const envelope = (type: string, payload: unknown): CommandEnvelope => ({
  id: 'cmd-1',
  type,
  issuedAt: '2026-01-01T00:00:00.000Z',
  guildId: 'g1',
  actor: { kind: 'dashboard-user', id: 'u1', name: 'Ann' },
  source: 'web',
  correlationId: 'corr-1',
  causationId: null,
  payload,
});

describe('deciderSlice', () => {
  const slice = deciderSlice(commands, decider, (c) => `door-${c.data.door}`);

  it('names the schema map’s command types and keeps the decider and stream function', () => {
    expect(slice.commandTypes).toEqual(['Open', 'Close']);
    expect(slice.decider).toBe(decider);
    const command = slice.toCommand(envelope('Close', { door: 'front' }));
    expect(command).toMatchObject({ type: 'Close', data: { door: 'front' }, meta: { commandId: 'cmd-1', now: '2026-01-01T00:00:00.000Z' } });
    expect(slice.streamIdOf(command)).toBe('door-front');
  });

  it('parses with the slice’s schemas: `now` passed on, bad or foreign payloads rejected', () => {
    expect(slice.toCommand(envelope('Open', { door: 'a' }), '2026-02-02T00:00:00.000Z').meta.now).toBe('2026-02-02T00:00:00.000Z');
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof DomainError ? e.code : 'not a DomainError';
      }
      return undefined;
    };
    expect(codeOf(() => slice.toCommand(envelope('Open', { door: '' })))).toBe('INVALID_COMMAND');
    expect(codeOf(() => slice.toCommand(envelope('Lock', { door: 'a' })))).toBe('UNKNOWN_COMMAND');
  });
});

describe('streamIdOfSlices', () => {
  const lockCommands = { Lock: z.object({ door: z.string().min(1) }) } as const;
  type LockCommand = CommandOf<typeof lockCommands>;
  const lockDecider: Decider<boolean, LockCommand, DoorEvent> = { initialState: () => false, evolve: (s) => s, decide: () => [] };
  const slices = {
    door: deciderSlice(commands, decider, (c) => `door-${c.data.door}`),
    lock: deciderSlice(lockCommands, lockDecider, (c) => `lock-${c.data.door}`),
  };
  const streamIdOf = streamIdOfSlices<DoorCommand | LockCommand>(slices);

  it('sends each command to its own slice’s stream', () => {
    expect(streamIdOf(slices.door.toCommand(envelope('Open', { door: 'a' })))).toBe('door-a');
    expect(streamIdOf(slices.lock.toCommand(envelope('Lock', { door: 'a' })))).toBe('lock-a');
  });

  it('refuses a type of none of the slices (UNKNOWN_COMMAND) instead of guessing a stream', () => {
    const foreign = { type: 'Paint', data: {}, meta: slices.door.toCommand(envelope('Open', { door: 'a' })).meta } as unknown as DoorCommand;
    expect(() => streamIdOf(foreign)).toThrow(expect.objectContaining({ code: 'UNKNOWN_COMMAND' }));
  });
});

describe('streamAggregate', () => {
  const events = { Opened: z.object({ door: z.string() }), Closed: z.object({ door: z.string() }) } as const;
  const doorDecider: Decider<boolean, DoorCommand, EventOf<typeof events>> = {
    initialState: () => false,
    evolve: (_open, e) => e.type === 'Opened',
    decide: () => [],
  };
  const aggregate = streamAggregate(doorDecider, events);
  const stored = (type: string, version: number, payload: unknown) => ({ type, payload, streamId: 'door-a', version, occurredAt: '2026-01-01T00:00:00.000Z' });

  it('folds the decider’s events, parsed with their schemas; another type is skipped', () => {
    expect(aggregate.initialState).toBe(doorDecider.initialState);
    expect(aggregate.eventOf(stored('Opened', 1, { door: 'a' }))).toMatchObject({ type: 'Opened', data: { door: 'a' } });
    expect(aggregate.eventOf(stored('Painted', 2, {}))).toBeUndefined();
    expect(foldStream(aggregate, [stored('Opened', 1, { door: 'a' }), stored('Painted', 2, {})])).toBe(true);
    expect(foldStream(aggregate, [stored('Opened', 1, { door: 'a' }), stored('Closed', 2, { door: 'a' })])).toBe(false);
  });

  it('a stored event its schema refuses is an error naming the field, not a silent skip', () => {
    expect(() => aggregate.eventOf(stored('Opened', 3, { door: 7 }))).toThrow(/Opened in door-a@3: payload\.door/);
  });
});
