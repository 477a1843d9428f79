import { DeciderSpecification, fold } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { type CaseEvent, type ModerationRequest, caseDecider, caseCommands } from '../src/index.js';
import { ANN, NOW, SCHEDULER, at, caseCommand, target } from './fixtures.js';

const spec = DeciderSpecification.for(caseDecider);

const request = (action: ModerationRequest['action'], over: Partial<ModerationRequest> = {}): ModerationRequest => ({
  requestId: 'req-1', origin: 'guildhall', action, target, moderator: ANN, reason: 'spam', durationSeconds: null,
  expiresAt: null, deleteMessageSeconds: null, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: NOW,
  ...over,
});
const tempBan = request('ban', { durationSeconds: 3600, expiresAt: at(3600), deleteMessageSeconds: 0 });
const opened = (r: ModerationRequest, caseNumber = 7): CaseEvent => ({ type: 'CaseOpened', data: { ...r, caseNumber, openedAt: NOW } });
const sanctionRequested = (r: ModerationRequest, auditLogReason = 'Case #7 — spam — by Ann'): CaseEvent => ({
  type: 'DiscordActionRequested',
  data: {
    actionId: 'case-7-sanction', caseNumber: 7, requestId: r.requestId, purpose: 'sanction', action: r.action as 'ban', target,
    auditLogReason, timeoutUntil: r.action === 'timeout' ? r.expiresAt : null,
    deleteMessageSeconds: r.action === 'ban' ? r.deleteMessageSeconds : null, requestedAt: NOW,
  },
});
const succeeded = (r: ModerationRequest, purpose: 'sanction' | 'expiry' = 'sanction', when = NOW): CaseEvent => ({
  type: 'DiscordActionSucceeded',
  data: {
    actionId: `case-7-${purpose}`, caseNumber: 7, requestId: r.requestId, purpose,
    action: purpose === 'expiry' ? 'unban' : (r.action as 'ban'), target, succeededAt: when,
  },
});
const scheduled = (action: 'ban' | 'timeout', dueAt: string): CaseEvent => ({
  type: 'ExpiryScheduled',
  data: { caseNumber: 7, action, target, dueAt, scheduledAt: NOW },
});
const activeTempBan = [opened(tempBan), sanctionRequested(tempBan), succeeded(tempBan), scheduled('ban', at(3600))];
const lifted: CaseEvent = {
  type: 'CaseLifted',
  data: { caseNumber: 7, action: 'ban', target, byCaseNumber: 9, byRequestId: 'req-unban', liftedBy: ANN, liftedAt: NOW },
};

describe('OpenCase', () => {
  it('opens a Guildhall ban and asks Discord, with the audit-log reason that links it back', () => {
    spec.given([]).when(caseCommand('OpenCase', { caseNumber: 7, request: tempBan })).then([opened(tempBan), sanctionRequested(tempBan)]);
  });
  it('a timeout asks Discord with its end time', () => {
    const timeout = request('timeout', { durationSeconds: 60, expiresAt: at(60) });
    spec.given([]).when(caseCommand('OpenCase', { caseNumber: 7, request: timeout })).then((e) =>
      expect(e[1]?.data).toMatchObject({ action: 'timeout', timeoutUntil: at(60), deleteMessageSeconds: null }),
    );
  });
  it('warnings and notes are records only', () => {
    spec.given([]).when(caseCommand('OpenCase', { caseNumber: 7, request: request('warn') })).then([opened(request('warn'))]);
  });
  it('a case observed in Discord asks nothing; an observed timeout starts its expiry', () => {
    const seen = request('timeout', { origin: 'discord', expiresAt: at(600), durationSeconds: 600, auditLogEntryId: '900000000000000001' });
    spec.given([]).when(caseCommand('OpenCase', { caseNumber: 7, request: seen })).then([opened(seen), scheduled('timeout', at(600))]);
    const ban = request('ban', { origin: 'discord' });
    spec.given([]).when(caseCommand('OpenCase', { caseNumber: 7, request: ban })).then([opened(ban)]);
  });
  it('is idempotent per request and refuses a number already used', () => {
    spec.given([opened(tempBan)]).when(caseCommand('OpenCase', { caseNumber: 7, request: tempBan })).then([]);
    spec
      .given([opened(tempBan)])
      .when(caseCommand('OpenCase', { caseNumber: 7, request: { ...tempBan, requestId: 'other' } }))
      .thenRejects('CASE_ALREADY_EXISTS');
  });
  it('keeps the case reference when a long reason is shortened to 512 characters', () => {
    const long = request('kick', { reason: 'x'.repeat(512) });
    spec.given([]).when(caseCommand('OpenCase', { caseNumber: 7, request: long })).then((e) => {
      const reason = (e[1]?.data as { auditLogReason: string }).auditLogReason;
      expect(reason).toHaveLength(512);
      expect(reason.startsWith('Case #7 — xxx')).toBe(true);
      expect(reason.endsWith('… — by Ann')).toBe(true);
    });
  });
});

describe('every command on a case that does not exist', () => {
  const payloads = {
    RecordDiscordActionSucceeded: { caseNumber: 7, actionId: 'case-7-sanction' },
    RecordDiscordActionFailed: { caseNumber: 7, actionId: 'case-7-sanction', reason: 'x' },
    ExpireCase: { caseNumber: 7 },
    RecordCaseLifted: { caseNumber: 7, byCaseNumber: 9, byRequestId: 'r', liftedBy: ANN },
    AmendCaseReason: { caseNumber: 7, reason: 'x' },
    AddCaseNote: { caseNumber: 7, text: 'x' },
    AddCaseEvidence: { caseNumber: 7, url: 'https://example.com/a.png' },
    HideCase: { caseNumber: 7, reason: 'x' },
    RestoreCase: { caseNumber: 7, reason: 'x' },
    LinkAuditLogEntry: { caseNumber: 7, auditLogEntryId: '1', action: 'ban', executor: { id: '2' } },
  } as const;
  it('is rejected CASE_NOT_FOUND', () => {
    expect(Object.keys(payloads).sort()).toEqual(Object.keys(caseCommands).filter((t) => t !== 'OpenCase').sort());
    for (const [type, payload] of Object.entries(payloads)) {
      spec.given([]).when(caseCommand(type as 'ExpireCase', payload as never)).thenRejects('CASE_NOT_FOUND');
    }
  });
});

describe('Discord action outcomes', () => {
  const success = caseCommand('RecordDiscordActionSucceeded', { caseNumber: 7, actionId: 'case-7-sanction' });
  const failure = caseCommand('RecordDiscordActionFailed', {
    caseNumber: 7, actionId: 'case-7-sanction', discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions',
  });
  it('a temporary ban that succeeded schedules its expiry at the time computed when it was asked', () => {
    spec.given([opened(tempBan), sanctionRequested(tempBan)]).when(success).then([succeeded(tempBan), scheduled('ban', at(3600))]);
  });
  it('a permanent ban schedules nothing', () => {
    const ban = request('ban', { deleteMessageSeconds: 0 });
    spec.given([opened(ban), sanctionRequested(ban)]).when(success).then([succeeded(ban)]);
  });
  it('records a failure with Discord’s code and a human reason', () => {
    spec.given([opened(tempBan), sanctionRequested(tempBan)]).when(failure).then([
      {
        type: 'DiscordActionFailed',
        data: {
          actionId: 'case-7-sanction', caseNumber: 7, requestId: 'req-1', purpose: 'sanction', action: 'ban', target,
          discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions', failedAt: NOW,
        },
      },
    ]);
  });
  it('is idempotent, and refuses the opposite outcome', () => {
    spec.given(activeTempBan).when(success).then([]);
    spec.given(activeTempBan).when(failure).thenRejects('DISCORD_ACTION_ALREADY_SETTLED');
    const failed = fold(caseDecider, [opened(tempBan), sanctionRequested(tempBan)]);
    expect(caseDecider.decide(failure, failed)).toHaveLength(1);
    spec.given([opened(tempBan), sanctionRequested(tempBan), ...caseDecider.decide(failure, failed)]).when(failure).then([]);
    spec.given([opened(tempBan), sanctionRequested(tempBan), ...caseDecider.decide(failure, failed)]).when(success).thenRejects('DISCORD_ACTION_ALREADY_SETTLED');
  });
  it('rejects an unknown action id', () => {
    spec.given([opened(tempBan)]).when(success).thenRejects('DISCORD_ACTION_NOT_FOUND');
  });
});

describe('ExpireCase', () => {
  const expire = (seconds: number) => caseCommand('ExpireCase', { caseNumber: 7 }, { now: at(seconds), actor: SCHEDULER });
  it('not before the due time', () => {
    spec.given(activeTempBan).when(expire(3599)).thenRejects('EXPIRY_NOT_DUE');
  });
  it('a temporary ban expires once due, and asks Discord to unban', () => {
    spec.given(activeTempBan).when(expire(3600)).then([
      { type: 'CaseExpired', data: { caseNumber: 7, action: 'ban', target, dueAt: at(3600), expiredAt: at(3600) } },
      {
        type: 'DiscordActionRequested',
        data: {
          actionId: 'case-7-expiry', caseNumber: 7, requestId: 'req-1', purpose: 'expiry', action: 'unban', target,
          auditLogReason: 'Case #7 — temporary ban expired — by Guildhall', timeoutUntil: null, deleteMessageSeconds: null, requestedAt: at(3600),
        },
      },
    ]);
  });
  it('a timeout expires without asking Discord (it ends there by itself)', () => {
    const timeout = request('timeout', { durationSeconds: 60, expiresAt: at(60) });
    spec
      .given([opened(timeout), sanctionRequested(timeout), succeeded(timeout), scheduled('timeout', at(60))])
      .when(expire(61))
      .then([{ type: 'CaseExpired', data: { caseNumber: 7, action: 'timeout', target, dueAt: at(60), expiredAt: at(61) } }]);
  });
  it('only once', () => {
    const expired = caseDecider.decide(expire(3600), fold(caseDecider, activeTempBan));
    spec.given([...activeTempBan, ...expired]).when(expire(3700)).thenRejects('CASE_ALREADY_EXPIRED');
  });
  it('not once lifted', () => {
    spec.given([...activeTempBan, lifted, { type: 'ExpiryCancelled', data: { caseNumber: 7, dueAt: at(3600), reason: 'lifted', cancelledAt: NOW } }])
      .when(expire(3600))
      .thenRejects('CASE_ALREADY_LIFTED');
  });
  it('not a permanent ban, a ban Discord refused, or a warning', () => {
    const ban = request('ban', { deleteMessageSeconds: 0 });
    spec.given([opened(ban), sanctionRequested(ban), succeeded(ban)]).when(expire(99999)).thenRejects('CASE_NOT_EXPIRABLE');
    spec.given([opened(tempBan), sanctionRequested(tempBan)]).when(expire(99999)).thenRejects('CASE_NOT_EXPIRABLE');
    spec.given([opened(request('warn'))]).when(expire(99999)).thenRejects('CASE_NOT_EXPIRABLE');
  });
});

describe('RecordCaseLifted', () => {
  const lift = caseCommand('RecordCaseLifted', { caseNumber: 7, byCaseNumber: 9, byRequestId: 'req-unban', liftedBy: ANN });
  it('ends the ban and cancels its expiry', () => {
    spec.given(activeTempBan).when(lift).then([
      lifted,
      { type: 'ExpiryCancelled', data: { caseNumber: 7, dueAt: at(3600), reason: 'lifted', cancelledAt: NOW } },
    ]);
  });
  it('a permanent ban has no expiry to cancel', () => {
    const ban = request('ban', { deleteMessageSeconds: 0 });
    spec.given([opened(ban), sanctionRequested(ban), succeeded(ban)]).when(lift).then([lifted]);
  });
  it('does nothing once the case ended', () => {
    spec.given([...activeTempBan, lifted]).when(lift).then([]);
    const expired = caseDecider.decide(caseCommand('ExpireCase', { caseNumber: 7 }, { now: at(3600) }), fold(caseDecider, activeTempBan));
    spec.given([...activeTempBan, ...expired]).when(lift).then([]);
  });
  it('refuses a case that is not a ban or a timeout', () => {
    spec.given([opened(request('kick'))]).when(lift).thenRejects('CASE_NOT_LIFTABLE');
  });
});

describe('annotations: every change is a new event', () => {
  it('amends the reason, keeping the previous one; the same reason adds nothing', () => {
    spec.given([opened(tempBan)]).when(caseCommand('AmendCaseReason', { caseNumber: 7, reason: 'spam links in #general' })).then([
      { type: 'CaseReasonAmended', data: { caseNumber: 7, previousReason: 'spam', reason: 'spam links in #general', amendedBy: ANN, amendedAt: NOW } },
    ]);
    spec.given([opened(tempBan)]).when(caseCommand('AmendCaseReason', { caseNumber: 7, reason: ' spam ' })).then([]);
  });
  it('adds notes (once per command) and evidence links (once per URL)', () => {
    spec.given([opened(tempBan)]).when(caseCommand('AddCaseNote', { caseNumber: 7, text: 'was warned before' })).then([
      { type: 'CaseNoteAdded', data: { caseNumber: 7, noteId: 'cmd-1', text: 'was warned before', author: ANN, addedAt: NOW } },
    ]);
    const evidence = caseCommand('AddCaseEvidence', { caseNumber: 7, url: 'https://cdn.example.com/shot.png', description: 'screenshot' });
    const added = caseDecider.decide(evidence, fold(caseDecider, [opened(tempBan)]));
    expect(added).toEqual([
      {
        type: 'CaseEvidenceAdded',
        data: { caseNumber: 7, evidenceId: 'cmd-1', url: 'https://cdn.example.com/shot.png', description: 'screenshot', addedBy: ANN, addedAt: NOW },
      },
    ]);
    spec.given([opened(tempBan), ...added]).when(caseCommand('AddCaseEvidence', { caseNumber: 7, url: 'https://cdn.example.com/shot.png' }, { commandId: 'cmd-2' })).then([]);
  });
  it('evidence must be an http(s) link', () => {
    expect(() => caseCommand('AddCaseEvidence', { caseNumber: 7, url: 'javascript:alert(1)' })).toThrow(/payload\.url/);
  });
  it('hides and restores, with who and why, each only from the other state', () => {
    const hidden: CaseEvent = { type: 'CaseHidden', data: { caseNumber: 7, reason: 'wrong member', hiddenBy: ANN, hiddenAt: NOW } };
    spec.given([opened(tempBan)]).when(caseCommand('HideCase', { caseNumber: 7, reason: 'wrong member' })).then([hidden]);
    spec.given([opened(tempBan), hidden]).when(caseCommand('HideCase', { caseNumber: 7, reason: 'x' })).thenRejects('CASE_ALREADY_HIDDEN');
    spec.given([opened(tempBan)]).when(caseCommand('RestoreCase', { caseNumber: 7, reason: 'x' })).thenRejects('CASE_NOT_HIDDEN');
    spec.given([opened(tempBan), hidden]).when(caseCommand('RestoreCase', { caseNumber: 7, reason: 'was right after all' })).then([
      { type: 'CaseRestored', data: { caseNumber: 7, reason: 'was right after all', restoredBy: ANN, restoredAt: NOW } },
    ]);
  });
  it('links an audit-log entry once', () => {
    const link = caseCommand('LinkAuditLogEntry', { caseNumber: 7, auditLogEntryId: '900000000000000002', action: 'ban', executor: { id: '500000000000000001', name: 'Guildhall' } });
    const linked = caseDecider.decide(link, fold(caseDecider, [opened(tempBan)]));
    expect(linked).toEqual([
      {
        type: 'AuditLogEntryLinked',
        data: { caseNumber: 7, auditLogEntryId: '900000000000000002', action: 'ban', executor: { id: '500000000000000001', name: 'Guildhall' }, linkedAt: NOW },
      },
    ]);
    spec.given([opened(tempBan), ...linked]).when(link).then([]);
  });
});

describe('case state', () => {
  it('follows the case through its events', () => {
    const s = fold(caseDecider, [...activeTempBan, lifted]);
    expect(s).toMatchObject({
      status: 'opened', caseNumber: 7, action: 'ban', outcome: 'done', expiry: { dueAt: at(3600), status: 'scheduled' },
      ended: { how: 'lifted', byCaseNumber: 9, by: ANN },
    });
    expect(fold(caseDecider, [opened(request('warn'))])).toMatchObject({ outcome: 'recorded', ended: null });
    expect(fold(caseDecider, [opened(tempBan), sanctionRequested(tempBan)])).toMatchObject({ outcome: 'pending' });
  });
});
