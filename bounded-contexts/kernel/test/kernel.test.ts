import { describe, expect, it } from 'vitest';
import {
  type Command,
  type Decider,
  DeciderSpecification,
  DomainError,
  type DomainEvent,
  EventEnvelopeSchema,
  SnowflakeSchema,
  deterministicId,
  parseStreamId,
  streamId,
} from '../src/index.js';

type Opened = DomainEvent<'Opened', { by: string }>;
type Closed = DomainEvent<'Closed', { reason: string }>;
type Open = Command<'Open', { by: string }>;
type Close = Command<'Close', { reason: string }>;
type State = { status: 'none' | 'open' | 'closed' };

const decider: Decider<State, Open | Close, Opened | Closed> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_s, e) => (e.type === 'Opened' ? { status: 'open' } : { status: 'closed' }),
  decide: (c, s) => {
    if (c.type === 'Open') {
      if (s.status !== 'none') throw new DomainError('ALREADY_OPEN', 'already open');
      return [{ type: 'Opened', data: { by: c.data.by } }];
    }
    if (s.status !== 'open') throw new DomainError('NOT_OPEN', 'not open');
    return [{ type: 'Closed', data: { reason: c.data.reason } }];
  },
};

const meta = {
  commandId: 'c1',
  now: '2026-01-01T00:00:00.000Z',
  guildId: 'g1',
  actor: { kind: 'system' as const, id: 'sys', name: 'system' },
  source: 'api' as const,
  correlationId: 'corr',
  causationId: null,
};

describe('DeciderSpecification', () => {
  const spec = DeciderSpecification.for(decider);
  it('then compares produced events', () => {
    spec.given([]).when({ type: 'Open', data: { by: 'a' }, meta }).then([{ type: 'Opened', data: { by: 'a' } }]);
  });
  it('then fails when events differ', () => {
    expect(() =>
      spec.given([]).when({ type: 'Open', data: { by: 'a' }, meta }).then([{ type: 'Opened', data: { by: 'b' } }]),
    ).toThrow();
  });
  it('thenRejects checks the code', () => {
    spec.given([{ type: 'Opened', data: { by: 'a' } }]).when({ type: 'Open', data: { by: 'a' }, meta }).thenRejects('ALREADY_OPEN');
    expect(() =>
      spec.given([]).when({ type: 'Close', data: { reason: 'x' }, meta }).thenRejects('ALREADY_OPEN'),
    ).toThrow(/expected rejection ALREADY_OPEN, got NOT_OPEN/);
    expect(() => spec.given([]).when({ type: 'Open', data: { by: 'a' }, meta }).thenRejects('X')).toThrow(
      /but decide produced/,
    );
  });
});

describe('ids', () => {
  it('deterministicId is stable, distinct and UUID-shaped', () => {
    expect(deterministicId('a', 1)).toBe(deterministicId('a', 1));
    expect(deterministicId('a', 1)).not.toBe(deterministicId('a', 2));
    expect(deterministicId('a', '1b')).not.toBe(deterministicId('a1', 'b'));
    expect(deterministicId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('streamId rejects subject-breaking tokens', () => {
    expect(streamId('moderation', 'case', 'g1-12')).toBe('moderation.case.g1-12');
    expect(() => streamId('moderation', 'case', 'a.b')).toThrow(DomainError);
    expect(() => streamId('moderation', 'ca*se', 'x')).toThrow(/streamType/);
    expect(parseStreamId('a.b.c')).toEqual({ context: 'a', streamType: 'b', id: 'c' });
    expect(parseStreamId('a.b')).toBeUndefined();
  });
  it('SnowflakeSchema takes 1-20 decimal digits and refuses anything else with the reason every context gives', () => {
    for (const ok of ['1', '1052345678901234567', '9'.repeat(20)]) expect(SnowflakeSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', '9'.repeat(21), '12a', ' 12', '-1', '1.5']) {
      const r = SnowflakeSchema.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('must be a Discord snowflake (1-20 digits)');
    }
    expect(SnowflakeSchema.safeParse(12).success).toBe(false);
  });
});

describe('EventEnvelopeSchema', () => {
  const valid = {
    id: 'e1', type: 'Opened', schemaVersion: 1, streamId: 's.t.1', version: 1, position: 1,
    occurredAt: '2026-01-01T00:00:00.000Z', guildId: 'g1',
    actor: { kind: 'dashboard-user', id: 'u1', name: 'Ann' }, source: 'web',
    correlationId: 'c', causationId: null, payload: { a: 1 },
  };
  it('accepts a complete envelope', () => {
    expect(EventEnvelopeSchema.parse(valid)).toEqual(valid);
  });
  it('names the bad field', () => {
    const r = EventEnvelopeSchema.safeParse({ ...valid, actor: { kind: 'robot', id: 'x', name: 'y' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['actor', 'kind']);
  });
});
