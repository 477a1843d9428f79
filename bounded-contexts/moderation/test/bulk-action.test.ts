import { DeciderSpecification, fold } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  type BulkActionEvent,
  type BulkActionRequested,
  bulkActionDecider,
  bulkMemberCommands,
  bulkRejectionOutcome,
  toCommand,
} from '../src/index.js';
import { ANN, GUILD, NOW, bulkCommand, stored } from './fixtures.js';

const spec = DeciderSpecification.for(bulkActionDecider);
const a = { id: '300000000000000001', name: 'a' };
const b = { id: '300000000000000002', name: 'b' };
const c = { id: '300000000000000003', name: null };

const requestedData: BulkActionRequested['data'] = {
  bulkId: 'bulk-1', action: 'ban', targets: [a, b], reason: 'raid', durationSeconds: null, deleteMessageSeconds: 3600, moderator: ANN, requestedAt: NOW,
};
const requested: BulkActionEvent = { type: 'BulkActionRequested', data: requestedData };
const applied = (userId: string, caseNumber: number) =>
  bulkCommand('RecordBulkMemberOutcome', { bulkId: 'bulk-1', userId, outcome: 'applied', caseNumber });

describe('RequestBulkAction', () => {
  it('records one request for many members, each listed once; its id is the command id', () => {
    spec
      .given([])
      .when(bulkCommand('RequestBulkAction', { action: 'ban', targets: [a, b, { ...a }], reason: 'raid', deleteMessageSeconds: 3600 }, { commandId: 'bulk-1' }))
      .then([requested]);
  });
  it('is idempotent', () => {
    spec.given([requested]).when(bulkCommand('RequestBulkAction', { action: 'kick', targets: [a] }, { commandId: 'bulk-1' })).then([]);
  });
  it('validates durations per action and the number of targets', () => {
    expect(() => bulkCommand('RequestBulkAction', { action: 'timeout', targets: [a] })).toThrow(/payload\.durationSeconds/);
    expect(() => bulkCommand('RequestBulkAction', { action: 'kick', targets: [a], durationSeconds: 60 })).toThrow(/no duration/);
    expect(() => bulkCommand('RequestBulkAction', { action: 'ban', targets: [] })).toThrow(/payload\.targets/);
    const many = Array.from({ length: 201 }, (_, i) => ({ id: String(10n ** 17n + BigInt(i)) }));
    expect(() => bulkCommand('RequestBulkAction', { action: 'ban', targets: many })).toThrow(/payload\.targets/);
  });
});

describe('RecordBulkMemberOutcome', () => {
  it('records each member once and completes with the last one', () => {
    spec.given([requested]).when(applied(a.id, 11)).then([{ type: 'BulkMemberSucceeded', data: { bulkId: 'bulk-1', target: a, caseNumber: 11, at: NOW } }]);
    spec.given([requested, { type: 'BulkMemberSucceeded', data: { bulkId: 'bulk-1', target: a, caseNumber: 11, at: NOW } }]).when(applied(a.id, 11)).then([]);
    spec
      .given([requested, { type: 'BulkMemberSucceeded', data: { bulkId: 'bulk-1', target: a, caseNumber: 11, at: NOW } }])
      .when(bulkCommand('RecordBulkMemberOutcome', { bulkId: 'bulk-1', userId: b.id, outcome: 'rejected', code: 'ALREADY_BANNED', reason: 'already banned' }))
      .then([
        {
          type: 'BulkMemberFailed',
          data: { bulkId: 'bulk-1', target: b, stage: 'rejected', caseNumber: null, code: 'ALREADY_BANNED', discordErrorCode: null, reason: 'already banned', at: NOW },
        },
        { type: 'BulkActionCompleted', data: { bulkId: 'bulk-1', succeeded: 1, failed: 1, completedAt: NOW } },
      ]);
  });
  it('records a Discord failure with its case', () => {
    spec
      .given([requested])
      .when(bulkCommand('RecordBulkMemberOutcome', { bulkId: 'bulk-1', userId: a.id, outcome: 'failed', caseNumber: 11, discordErrorCode: 50013, reason: 'Missing Permissions' }))
      .then((e) => expect(e[0]?.data).toMatchObject({ stage: 'discord', caseNumber: 11, discordErrorCode: 50013 }));
  });
  it('rejects unknown requests and members', () => {
    spec.given([]).when(applied(a.id, 1)).thenRejects('BULK_NOT_FOUND');
    spec.given([requested]).when(applied(c.id, 1)).thenRejects('BULK_TARGET_NOT_FOUND');
  });
  it('state counts outcomes', () => {
    const s = fold(bulkActionDecider, [requested, ...bulkActionDecider.decide(applied(a.id, 11), fold(bulkActionDecider, [requested]))]);
    expect(s).toMatchObject({ status: 'running', outcomes: { [a.id]: { result: 'succeeded', caseNumber: 11 } } });
  });
});

describe('bulk fan-out (pure, for the process manager)', () => {
  const [event] = stored('moderation.bulk.x', [requested]);
  it('one member command per target, linked by the bulk id and the correlation id, with stable ids', () => {
    const out = bulkMemberCommands(event!, requestedData, NOW);
    expect(out.map((e) => e.type)).toEqual(['BanMember', 'BanMember']);
    expect(new Set(out.map((e) => e.correlationId))).toEqual(new Set(['corr-1']));
    expect(out.every((e) => e.causationId === 'evt-1' && e.guildId === GUILD)).toBe(true);
    expect(out[0]!.id).not.toBe(out[1]!.id);
    expect(bulkMemberCommands(event!, requestedData, NOW).map((e) => e.id)).toEqual(out.map((e) => e.id));
    const cmd = toCommand(out[1]!);
    expect(cmd).toMatchObject({ type: 'BanMember', data: { target: b, reason: 'raid', bulkId: 'bulk-1', durationSeconds: null, deleteMessageSeconds: 3600 } });
  });
  it('a rejected member command becomes that member’s outcome', () => {
    const out = bulkMemberCommands(event!, requestedData, NOW);
    const outcome = bulkRejectionOutcome(out[0]!, { code: 'ALREADY_BANNED', message: 'already banned' }, NOW);
    expect(toCommand(outcome!)).toMatchObject({
      type: 'RecordBulkMemberOutcome',
      data: { bulkId: 'bulk-1', userId: a.id, outcome: 'rejected', code: 'ALREADY_BANNED' },
      meta: { causationId: out[0]!.id, correlationId: 'corr-1' },
    });
    expect(bulkRejectionOutcome({ ...out[0]!, payload: { target: a } }, { code: 'X', message: 'x' }, NOW)).toBeUndefined();
  });
});
