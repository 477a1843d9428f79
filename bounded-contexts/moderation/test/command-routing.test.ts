import { DomainError, InfraError } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  commands,
  moderationEvents,
  moderationSlices,
  parseModerationEvent,
  publicCommandTypes,
  streamIdOf,
  toCommand,
} from '../src/index.js';
import { ANN, GUILD, NOW, USER, envelopeOf, target } from './fixtures.js';
import { ProcessHarness } from './process-harness.js';

const thrown = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('toCommand', () => {
  it('builds the command with meta from the envelope (now = issuedAt unless given)', () => {
    const c = toCommand(envelopeOf('WarnMember', { target, reason: 'x' }, { commandId: 'c-9' }));
    expect(c).toMatchObject({ type: 'WarnMember', data: { target, reason: 'x', bulkId: null }, meta: { commandId: 'c-9', now: NOW, guildId: GUILD, actor: ANN } });
    expect(toCommand(envelopeOf('WarnMember', { target }), '2026-04-01T00:00:00.000Z').meta.now).toBe('2026-04-01T00:00:00.000Z');
  });
  it('rejects a bad payload with INVALID_COMMAND, the field path and the reason', () => {
    const e = thrown(() => toCommand({ ...envelopeOf('TimeoutMember', { target, durationSeconds: 60 }), payload: { target: { id: USER }, durationSeconds: -5 } }));
    expect(e.code).toBe('INVALID_COMMAND');
    expect(e.details).toMatchObject({ command: 'TimeoutMember', field: 'payload.durationSeconds' });
    expect(thrown(() => toCommand({ ...envelopeOf('WarnMember', { target }), payload: null })).code).toBe('INVALID_COMMAND');
  });
  it('rejects an unknown type with UNKNOWN_COMMAND', () => {
    expect(thrown(() => toCommand({ ...envelopeOf('WarnMember', { target }), type: 'DeleteGuild' })).code).toBe('UNKNOWN_COMMAND');
  });
  it("a slice's toCommand refuses another slice's commands", () => {
    expect(thrown(() => moderationSlices.case.toCommand(envelopeOf('WarnMember', { target }))).code).toBe('UNKNOWN_COMMAND');
  });
});

describe('streamIdOf', () => {
  it('routes each decider to its stream', () => {
    expect(streamIdOf(toCommand(envelopeOf('BanMember', { target })))).toBe(`moderation.member.${GUILD}-${USER}`);
    expect(streamIdOf(toCommand(envelopeOf('RecordSanctionExpired', { userId: USER, caseNumber: 3 })))).toBe(`moderation.member.${GUILD}-${USER}`);
    expect(streamIdOf(toCommand(envelopeOf('AmendCaseReason', { caseNumber: 12, reason: 'x' })))).toBe(`moderation.case.${GUILD}-12`);
    expect(streamIdOf(toCommand(envelopeOf('RequestBulkAction', { action: 'kick', targets: [target] }, { commandId: 'b-1' })))).toBe(
      `moderation.bulk.${GUILD}-b-1`,
    );
    expect(
      streamIdOf(toCommand(envelopeOf('RecordBulkMemberOutcome', { bulkId: 'b-1', userId: USER, outcome: 'applied', caseNumber: 1 }))),
    ).toBe(`moderation.bulk.${GUILD}-b-1`);
    expect(streamIdOf(toCommand(envelopeOf('ResolveReport', { reportId: `u${USER}-5`, resolution: { kind: 'dismissed', reason: 'x' } })))).toBe(
      `moderation.report.${GUILD}-u${USER}-5`,
    );
  });
  it('refuses ids that would break the subject (INVALID_STREAM_ID)', () => {
    const c = toCommand(envelopeOf('RequestBulkAction', { action: 'kick', targets: [target] }, { commandId: 'a.b' }));
    expect(thrown(() => streamIdOf(c)).code).toBe('INVALID_STREAM_ID');
  });
  it('every command belongs to exactly one slice, and public commands exist', () => {
    const fromSlices = Object.values(moderationSlices).flatMap((s) => [...s.commandTypes]);
    expect(fromSlices.sort()).toEqual(Object.keys(commands).sort());
    expect(new Set(fromSlices).size).toBe(fromSlices.length);
    for (const t of publicCommandTypes) expect(Object.keys(commands)).toContain(t);
  });
});

describe('event schemas', () => {
  it('every event the deciders store parses back unchanged (what projections will read)', () => {
    const h = new ProcessHarness(NOW);
    h.run(envelopeOf('RequestBulkAction', { action: 'timeout', targets: [target], durationSeconds: 60, reason: 'x' }, { commandId: 'b-1' }));
    h.run(envelopeOf('AddMemberNote', { target, reason: 'note' }, { commandId: 'n-1' }));
    for (const e of h.openDiscordActions()) {
      const { caseNumber, actionId } = e.payload as { caseNumber: number; actionId: string };
      h.run(envelopeOf('RecordDiscordActionSucceeded', { caseNumber, actionId }, { commandId: `x-${e.id}` }));
    }
    h.run(envelopeOf('AmendCaseReason', { caseNumber: 1, reason: 'better' }, { commandId: 'a-1' }));
    const all = h.all();
    const types = new Set(all.map((e) => e.type));
    expect(types.size).toBeGreaterThanOrEqual(10);
    for (const e of all) {
      const json = JSON.parse(JSON.stringify(e.payload));
      expect(parseModerationEvent({ ...e, payload: json })).toEqual({ type: e.type, data: e.payload });
    }
  });
  it('a malformed known event is INVALID_MESSAGE, an unknown type is skipped', () => {
    let error: unknown;
    try {
      parseModerationEvent({ type: 'CaseOpened', payload: { caseNumber: 'x' }, streamId: 's', version: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InfraError);
    expect((error as InfraError).code).toBe('INVALID_MESSAGE');
    expect(parseModerationEvent({ type: 'MessageSent', payload: {}, streamId: 's', version: 1 })).toBeUndefined();
    expect(Object.keys(moderationEvents)).toHaveLength(35);
  });
});
