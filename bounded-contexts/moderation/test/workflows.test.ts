import type { Actor, CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  caseAsOf,
  caseStreamId,
  guildCasesStreamId,
  memberRecordAsOf,
  memberRecordStreamId,
  bulkActionStreamId,
  reactToModerationEvent,
} from '../src/index.js';
import { ANN, GUILD, NOW, SCHEDULER, USER, at, envelopeOf, target } from './fixtures.js';
import { ProcessHarness } from './process-harness.js';

const BOT = { id: '500000000000000001', name: 'Guildhall' };
const BOB = { id: '400000000000000001', name: 'Bob' };
const EXECUTOR: Actor = { kind: 'system', id: 'discord-executor', name: 'Guildhall' };

/** The Discord action executor: answers every open Discord action (success unless told otherwise). */
const executeDiscordActions = (h: ProcessHarness, fail: (e: EventEnvelope) => boolean = () => false): EventEnvelope[] => {
  const open = h.openDiscordActions();
  for (const e of open) {
    const { caseNumber, actionId } = e.payload as { caseNumber: number; actionId: string };
    h.run(
      fail(e)
        ? envelopeOf('RecordDiscordActionFailed', { caseNumber, actionId, discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions' }, { commandId: `exec-${e.id}`, actor: EXECUTOR })
        : envelopeOf('RecordDiscordActionSucceeded', { caseNumber, actionId }, { commandId: `exec-${e.id}`, actor: EXECUTOR }),
    );
  }
  return open;
};

const member = (h: ProcessHarness, userId = USER) => memberRecordAsOf(h.events(memberRecordStreamId(GUILD, userId)), Number.MAX_SAFE_INTEGER);
const theCase = (h: ProcessHarness, n: number) => caseAsOf(h.events(caseStreamId(GUILD, n)), Number.MAX_SAFE_INTEGER);
const caseCount = (h: ProcessHarness) => h.events(guildCasesStreamId(GUILD)).length;

describe('a temporary ban from the dashboard, end to end (pure)', () => {
  const h = new ProcessHarness(NOW);
  h.run(envelopeOf('BanMember', { target, reason: 'raid', durationSeconds: 3600 }, { commandId: 'ban-1' }));

  it('opens case #1 and asks Discord with "Case #1 — reason — by moderator"', () => {
    expect(theCase(h, 1)).toMatchObject({ status: 'opened', action: 'ban', moderator: ANN, outcome: 'pending', expiresAt: at(3600) });
    const [asked] = h.openDiscordActions();
    expect(asked?.payload).toMatchObject({ action: 'ban', auditLogReason: 'Case #1 — raid — by Ann' });
    expect(member(h).ban).toMatchObject({ status: 'pending' });
  });

  it('once Discord confirms: the member is banned with case #1, the expiry is scheduled', () => {
    executeDiscordActions(h);
    expect(member(h).ban).toMatchObject({ status: 'active', caseNumber: 1, expiresAt: at(3600) });
    expect(theCase(h, 1)).toMatchObject({ outcome: 'done', expiry: { dueAt: at(3600), status: 'scheduled' } });
  });

  it('a second ban is rejected ALREADY_BANNED and opens no case', () => {
    h.run(envelopeOf('BanMember', { target }, { commandId: 'ban-2' }));
    expect(h.rejections.map((r) => r.code)).toEqual(['ALREADY_BANNED']);
    expect(caseCount(h)).toBe(1);
  });

  it("the bot's own audit-log entry links to case #1 instead of opening a second case", () => {
    h.run(
      envelopeOf('RecordDiscordAuditAction', {
        auditLogEntryId: '900000000000000001', action: 'ban', target, executor: BOT, executorIsBot: true, reason: 'Case #1 — raid — by Ann',
      }, { commandId: 'fact-1', actor: { kind: 'system', id: 'gateway', name: 'gateway' } }),
    );
    expect(caseCount(h)).toBe(1);
    expect(theCase(h, 1)).toMatchObject({ auditLogEntryIds: ['900000000000000001'] });
  });

  it('expires at the due time: case expired, Discord unbans, the member is no longer banned', () => {
    h.now = at(3600);
    h.run(envelopeOf('ExpireCase', { caseNumber: 1 }, { commandId: 'expire-1', now: at(3599), actor: SCHEDULER }));
    expect(h.rejections.at(-1)?.code).toBe('EXPIRY_NOT_DUE');
    h.run(envelopeOf('ExpireCase', { caseNumber: 1 }, { commandId: 'expire-2', now: at(3600), actor: SCHEDULER }));
    const [unban] = executeDiscordActions(h);
    expect(unban?.payload).toMatchObject({ purpose: 'expiry', action: 'unban', auditLogReason: 'Case #1 — temporary ban expired — by Guildhall' });
    expect(member(h).ban).toBeNull();
    expect(theCase(h, 1)).toMatchObject({ ended: { how: 'expired' }, expiry: { status: 'expired' } });
    h.run(envelopeOf('ExpireCase', { caseNumber: 1 }, { commandId: 'expire-3', now: at(3700), actor: SCHEDULER }));
    expect(h.rejections.at(-1)?.code).toBe('CASE_ALREADY_EXPIRED');
  });

  it('the history replays as of any version or moment', () => {
    const events = h.events(caseStreamId(GUILD, 1));
    expect(caseAsOf(events, 1)).toMatchObject({ outcome: 'pending', expiry: null });
    expect(caseAsOf(events, at(3599))).toMatchObject({ ended: null });
    expect(caseAsOf(events, at(3600))).toMatchObject({ ended: { how: 'expired' } });
    expect(caseAsOf(events, '2020-01-01T00:00:00.000Z')).toEqual({ status: 'none' });
    const memberEvents = h.events(memberRecordStreamId(GUILD, USER));
    expect(memberRecordAsOf(memberEvents, new Date(at(1))).ban).toMatchObject({ status: 'active' });
  });
});

describe('an unban lifts the temporary ban before it expires', () => {
  const h = new ProcessHarness(NOW);
  h.run(envelopeOf('BanMember', { target, reason: 'raid', durationSeconds: 3600 }, { commandId: 'ban-1' }));
  executeDiscordActions(h);
  h.run(envelopeOf('UnbanMember', { target, reason: 'appeal accepted' }, { commandId: 'unban-1', now: at(60) }));

  it('opens case #2 (unban) and, once Discord confirms, lifts case #1 and cancels its expiry', () => {
    expect(theCase(h, 2)).toMatchObject({ action: 'unban', liftsCaseNumber: 1 });
    executeDiscordActions(h);
    expect(member(h).ban).toBeNull();
    expect(theCase(h, 1)).toMatchObject({ ended: { how: 'lifted', byCaseNumber: 2, by: ANN }, expiry: { status: 'cancelled' } });
    h.run(envelopeOf('ExpireCase', { caseNumber: 1 }, { commandId: 'expire-1', now: at(3600), actor: SCHEDULER }));
    expect(h.rejections.at(-1)?.code).toBe('CASE_ALREADY_LIFTED');
  });
});

describe('actions done by a human directly in Discord', () => {
  const h = new ProcessHarness(NOW);
  const fact = (id: string, action: 'ban' | 'unban', reason: string | null) =>
    envelopeOf('RecordDiscordAuditAction', { auditLogEntryId: id, action, target, executor: BOB, executorIsBot: false, reason }, { commandId: `fact-${id}` });

  it('become cases attributed to that moderator, with no Discord action asked', () => {
    h.run(fact('900000000000000010', 'ban', 'raid'));
    expect(theCase(h, 1)).toMatchObject({ origin: 'discord', moderator: { kind: 'discord-user', id: BOB.id, name: 'Bob' }, outcome: 'done' });
    expect(h.openDiscordActions()).toEqual([]);
    expect(member(h).ban).toMatchObject({ status: 'active', caseNumber: 1 });
  });
  it('the same fact delivered twice opens no second case', () => {
    h.run({ ...fact('900000000000000010', 'ban', 'raid'), id: 'fact-again' });
    expect(caseCount(h)).toBe(1);
  });
  it('a human unban in Discord opens case #2 and lifts case #1', () => {
    h.run(fact('900000000000000011', 'unban', null));
    expect(theCase(h, 2)).toMatchObject({ action: 'unban', origin: 'discord', liftsCaseNumber: 1 });
    expect(theCase(h, 1)).toMatchObject({ ended: { how: 'lifted', byCaseNumber: 2 } });
    expect(member(h).ban).toBeNull();
  });
  it('a human reusing "Case #1" in a reason for this member links instead of opening a case', () => {
    h.run(fact('900000000000000012', 'ban', 'Case #1 — still raiding'));
    expect(caseCount(h)).toBe(2);
  });
});

describe('a failed Discord action', () => {
  const h = new ProcessHarness(NOW);
  h.run(envelopeOf('TimeoutMember', { target, durationSeconds: 600 }, { commandId: 'to-1' }));
  executeDiscordActions(h, () => true);
  it('keeps the case with the failure and leaves the member without a timeout', () => {
    expect(theCase(h, 1)).toMatchObject({ outcome: 'failed', expiry: null, discordActions: [{ status: 'failed', failure: { discordErrorCode: 50013 } }] });
    expect(member(h).timeout).toBeNull();
    h.run(envelopeOf('RemoveMemberTimeout', { target }, { commandId: 'unto-1' }));
    expect(h.rejections.at(-1)?.code).toBe('NOT_TIMED_OUT');
  });
});

describe('a bulk ban', () => {
  const h = new ProcessHarness(NOW);
  const a = { id: '300000000000000011', name: 'a' };
  const b = { id: '300000000000000012', name: 'b' };
  const c = { id: '300000000000000013', name: 'c' };
  h.run(envelopeOf('BanMember', { target: c }, { commandId: 'ban-c' }));
  executeDiscordActions(h);
  h.run(envelopeOf('RequestBulkAction', { action: 'ban', targets: [a, b, c], reason: 'raid wave' }, { commandId: 'bulk-1', correlationId: 'corr-bulk' }));
  executeDiscordActions(h, (e) => (e.payload as { target: { id: string } }).target.id === b.id);

  it('gives one case per member, linked by one correlation id, with per-member outcomes', () => {
    const bulkCases = [2, 3].map((n) => theCase(h, n));
    expect(bulkCases.map((x) => x.status === 'opened' && x.bulkId)).toEqual(['bulk-1', 'bulk-1']);
    const opened = h.all().filter((e) => e.type === 'CaseOpened' && (e.payload as { bulkId: string | null }).bulkId === 'bulk-1');
    expect(new Set(opened.map((e) => e.correlationId))).toEqual(new Set(['corr-bulk']));
    const bulk = h.events(bulkActionStreamId(GUILD, 'bulk-1')).map((e) => [e.type, (e.payload as { target?: { id: string } }).target?.id]);
    expect(bulk).toEqual(
      expect.arrayContaining([
        ['BulkMemberSucceeded', a.id],
        ['BulkMemberFailed', b.id],
        ['BulkMemberFailed', c.id],
      ]),
    );
    const completed = h.events(bulkActionStreamId(GUILD, 'bulk-1')).at(-1);
    expect(completed).toMatchObject({ type: 'BulkActionCompleted', payload: { succeeded: 1, failed: 2 } });
    expect(h.rejections.map((r) => r.code)).toEqual(['ALREADY_BANNED']);
  });
});

describe('reactToModerationEvent', () => {
  it('ignores other contexts and derives stable command ids', () => {
    const foreign = { ...h0(), type: 'MemberJoined', payload: {} };
    expect(reactToModerationEvent(foreign, NOW)).toEqual([]);
    const a: CommandEnvelope[] = reactToModerationEvent(h0(), NOW);
    expect(a).toHaveLength(1);
    expect(reactToModerationEvent(h0(), at(5))[0]!.id).toBe(a[0]!.id);
  });
});

function h0(): EventEnvelope {
  const h = new ProcessHarness(NOW);
  h.decide(envelopeOf('WarnMember', { target }, { commandId: 'warn-1' }));
  return h.all()[0]!;
}
