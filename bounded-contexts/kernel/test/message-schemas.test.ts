import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type CommandEnvelope,
  type CommandOf,
  DomainError,
  InfraError,
  commandFromEnvelope,
  eventFromEnvelope,
} from '../src/index.js';

const commands = {
  Rename: z.object({ name: z.string().min(1), tags: z.array(z.string().max(3)).default([]) }),
} as const;

const envelope = (payload: unknown, type = 'Rename'): CommandEnvelope => ({
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

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('commandFromEnvelope', () => {
  it('parses the payload (defaults applied) and copies the meta, now = issuedAt', () => {
    const c: CommandOf<typeof commands> = commandFromEnvelope(commands, envelope({ name: 'x' }));
    expect(c).toEqual({
      type: 'Rename',
      data: { name: 'x', tags: [] },
      meta: {
        commandId: 'cmd-1', now: '2026-01-01T00:00:00.000Z', guildId: 'g1',
        actor: { kind: 'dashboard-user', id: 'u1', name: 'Ann' }, source: 'web',
        correlationId: 'corr-1', causationId: null,
      },
    });
    expect(commandFromEnvelope(commands, envelope({ name: 'x' }), '2026-02-02T00:00:00.000Z').meta.now).toBe(
      '2026-02-02T00:00:00.000Z',
    );
  });
  it('rejects a bad payload with INVALID_COMMAND naming the field', () => {
    const e = thrown(() => commandFromEnvelope(commands, envelope({ name: 'x', tags: ['ok', 'toolong'] })));
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('INVALID_COMMAND');
    expect((e as DomainError).details['field']).toBe('payload.tags[1]');
    expect((e as DomainError).message).toMatch(/^Rename: payload\.tags\[1\]: /);
  });
  it('rejects unknown types, including prototype keys', () => {
    expect((thrown(() => commandFromEnvelope(commands, envelope({}, 'Nope'))) as DomainError).code).toBe('UNKNOWN_COMMAND');
    expect((thrown(() => commandFromEnvelope(commands, envelope({}, 'constructor'))) as DomainError).code).toBe(
      'UNKNOWN_COMMAND',
    );
  });
});

describe('eventFromEnvelope', () => {
  const events = { Renamed: z.object({ name: z.string() }) } as const;
  const stored = (type: string, payload: unknown) => ({ type, payload, streamId: 's.t.1', version: 3 });
  it('parses known types and skips unknown ones', () => {
    expect(eventFromEnvelope(events, stored('Renamed', { name: 'a' }))).toEqual({ type: 'Renamed', data: { name: 'a' } });
    expect(eventFromEnvelope(events, stored('Other', {}))).toBeUndefined();
  });
  it('throws INVALID_MESSAGE for a malformed known event', () => {
    const e = thrown(() => eventFromEnvelope(events, stored('Renamed', { name: 1 })));
    expect(e).toBeInstanceOf(InfraError);
    expect((e as InfraError).code).toBe('INVALID_MESSAGE');
    expect((e as InfraError).message).toMatch(/s\.t\.1@3: payload\.name/);
  });
});
