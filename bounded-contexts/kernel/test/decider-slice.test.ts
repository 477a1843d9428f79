import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CommandEnvelope, type CommandOf, type Decider, DomainError, type DomainEvent, deciderSlice } from '../src/index.js';

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
