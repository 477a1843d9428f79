import { commandFromEnvelope, DeciderSpecification, type Actor } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { retentionCommands, retentionDecider, retentionStreamId, type RetentionCommand } from '../src/index.js';

const NOW = '2026-03-01T12:00:00.000Z';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const set = (payload: unknown, id = 'r-1'): RetentionCommand =>
  commandFromEnvelope(retentionCommands, { id, type: 'SetRetention', issuedAt: NOW, guildId: '1', actor: ANN, source: 'web', correlationId: 'c', causationId: null, payload });
const spec = DeciderSpecification.for(retentionDecider);
const wasSet = (messageContentDays: number | null) => ({ type: 'RetentionSet' as const, data: { messageContentDays, setBy: ANN, setAt: NOW } });

describe('SetRetention (per-guild retention of message content, with history)', () => {
  it('records the first setting and each change', () => {
    spec.given([]).when(set({ messageContentDays: 30 })).then([wasSet(30)]);
    spec.given([wasSet(30)]).when(set({ messageContentDays: null })).then([wasSet(null)]);
  });
  it('records nothing when the setting is already in force', () => {
    spec.given([wasSet(30)]).when(set({ messageContentDays: 30 })).then([]);
  });
  it('refuses days outside 1..3650, naming the field', () => {
    expect(() => set({ messageContentDays: 0 })).toThrow(/messageContentDays/);
    expect(() => set({ messageContentDays: 4000 })).toThrow(/messageContentDays/);
    expect(() => set({ messageContentDays: 1.5 })).toThrow(/messageContentDays/);
    expect(retentionStreamId('1')).toBe('access.retention.1');
  });
});
