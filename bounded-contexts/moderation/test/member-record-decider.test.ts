import { DeciderSpecification, fold } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  type MemberRecordEvent,
  type ModerationRequest,
  isBanned,
  isTimedOut,
  memberRecordDecider,
} from '../src/index.js';
import { ANN, NOW, USER, at, memberCommand, target } from './fixtures.js';

const spec = DeciderSpecification.for(memberRecordDecider);

const request = (action: ModerationRequest['action'], over: Partial<ModerationRequest> = {}): ModerationRequest => ({
  requestId: `req-${action}`,
  origin: 'guildhall',
  action,
  target,
  moderator: ANN,
  reason: 'spam',
  durationSeconds: null,
  expiresAt: null,
  deleteMessageSeconds: null,
  bulkId: null,
  auditLogEntryId: null,
  liftsCaseNumber: null,
  requestedAt: NOW,
  ...over,
});

const requested = (r: ModerationRequest): MemberRecordEvent => ({ type: 'ModerationActionRequested', data: r });
const observed = (r: ModerationRequest): MemberRecordEvent => ({ type: 'ModerationActionObserved', data: r });
const applied = (r: ModerationRequest, caseNumber: number): MemberRecordEvent => ({
  type: 'ModerationActionApplied',
  data: {
    requestId: r.requestId, caseNumber, action: r.action, target: r.target, moderator: r.moderator,
    expiresAt: r.expiresAt, liftsCaseNumber: r.liftsCaseNumber, bulkId: r.bulkId, appliedAt: NOW,
  },
});
const failed = (r: ModerationRequest, caseNumber: number): MemberRecordEvent => ({
  type: 'ModerationActionFailed',
  data: {
    requestId: r.requestId, caseNumber, action: r.action, target: r.target, moderator: r.moderator,
    discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions', bulkId: r.bulkId, failedAt: NOW,
  },
});

const ban = request('ban');
const tempBan = request('ban', { requestId: 'req-tempban', durationSeconds: 3600, expiresAt: at(3600) });
const timeout = request('timeout', { durationSeconds: 600, expiresAt: at(600) });
const activeBan = [requested(ban), applied(ban, 4)];
const activeTimeout = [requested(timeout), applied(timeout, 5)];

describe('BanMember', () => {
  it('requests a temporary ban with its expiry computed from the command time', () => {
    spec
      .given([])
      .when(memberCommand('BanMember', { target, reason: '  spam  ', durationSeconds: 3600, deleteMessageSeconds: 86400 }))
      .then([
        requested(
          request('ban', {
            requestId: 'cmd-1', durationSeconds: 3600, expiresAt: '2026-03-01T13:00:00.000Z', deleteMessageSeconds: 86400,
          }),
        ),
      ]);
  });
  it('requests a permanent ban when no duration is given (no reason → null)', () => {
    spec
      .given([])
      .when(memberCommand('BanMember', { target }))
      .then([requested(request('ban', { requestId: 'cmd-1', reason: null, deleteMessageSeconds: 0 }))]);
  });
  it('rejects ALREADY_BANNED while a ban is pending or in force', () => {
    spec.given([requested(ban)]).when(memberCommand('BanMember', { target })).thenRejects('ALREADY_BANNED');
    spec.given(activeBan).when(memberCommand('BanMember', { target })).thenRejects('ALREADY_BANNED');
    spec.given([observed(request('ban', { origin: 'discord' }))]).when(memberCommand('BanMember', { target })).thenRejects('ALREADY_BANNED');
  });
  it('allows a new ban once the previous one failed, expired or was lifted', () => {
    const again = memberCommand('BanMember', { target }, { commandId: 'cmd-2' });
    spec.given([requested(ban), failed(ban, 4)]).when(again).then((events) => expect(events).toHaveLength(1));
    spec
      .given([requested(tempBan), applied(tempBan, 4), { type: 'SanctionExpired', data: { caseNumber: 4, action: 'ban', target, expiredAt: NOW } }])
      .when(again)
      .then((events) => expect(events[0]?.type).toBe('ModerationActionRequested'));
    const unban = request('unban', { liftsCaseNumber: 4 });
    spec.given([...activeBan, requested(unban), applied(unban, 6)]).when(again).then((events) => expect(events).toHaveLength(1));
  });
  it('decides nothing new for a redelivered command (same id)', () => {
    spec.given([requested(request('ban', { requestId: 'cmd-1' }))]).when(memberCommand('BanMember', { target })).then([]);
  });
  it('refuses bad payloads before deciding', () => {
    expect(() => memberCommand('BanMember', { target, durationSeconds: 10 })).toThrow(/payload\.durationSeconds/);
    expect(() => memberCommand('BanMember', { target: { id: 'not-a-snowflake' } })).toThrow(/payload\.target\.id/);
    expect(() => memberCommand('BanMember', { target, reason: 'x'.repeat(513) })).toThrow(/INVALID|payload\.reason/);
  });
});

describe('UnbanMember', () => {
  it('rejects NOT_BANNED without a ban', () => {
    spec.given([]).when(memberCommand('UnbanMember', { target })).thenRejects('NOT_BANNED');
    spec.given([requested(ban), failed(ban, 4)]).when(memberCommand('UnbanMember', { target })).thenRejects('NOT_BANNED');
  });
  it('rejects ACTION_PENDING while the ban is not applied yet, or an unban is on its way', () => {
    spec.given([requested(ban)]).when(memberCommand('UnbanMember', { target })).thenRejects('ACTION_PENDING');
    spec
      .given([...activeBan, requested(request('unban', { requestId: 'req-unban-1' }))])
      .when(memberCommand('UnbanMember', { target }))
      .thenRejects('ACTION_PENDING');
  });
  it('requests the unban, naming the case it lifts', () => {
    spec
      .given(activeBan)
      .when(memberCommand('UnbanMember', { target, reason: 'appeal accepted' }))
      .then([requested(request('unban', { requestId: 'cmd-1', reason: 'appeal accepted', liftsCaseNumber: 4 }))]);
  });
  it('a failed unban leaves the member banned and unbannable again', () => {
    const unban = request('unban', { liftsCaseNumber: 4 });
    const state = fold(memberRecordDecider, [...activeBan, requested(unban), failed(unban, 6)]);
    expect(isBanned(state)).toBe(true);
    spec.given([...activeBan, requested(unban), failed(unban, 6)]).when(memberCommand('UnbanMember', { target }, { commandId: 'cmd-9' })).then((e) =>
      expect(e).toHaveLength(1),
    );
  });
});

describe('TimeoutMember / RemoveMemberTimeout', () => {
  it('requests a timeout until now + duration', () => {
    spec
      .given([])
      .when(memberCommand('TimeoutMember', { target, reason: 'spam', durationSeconds: 600 }))
      .then([requested(request('timeout', { requestId: 'cmd-1', durationSeconds: 600, expiresAt: at(600) }))]);
  });
  it('rejects ALREADY_TIMED_OUT while a timeout runs, allows one after it ended by itself', () => {
    spec.given(activeTimeout).when(memberCommand('TimeoutMember', { target, durationSeconds: 60 }, { now: at(599) })).thenRejects('ALREADY_TIMED_OUT');
    spec
      .given(activeTimeout)
      .when(memberCommand('TimeoutMember', { target, durationSeconds: 60 }, { now: at(600), commandId: 'cmd-2' }))
      .then((e) => expect(e).toHaveLength(1));
  });
  it('rejects MEMBER_BANNED for a banned member (timeout and kick)', () => {
    spec.given(activeBan).when(memberCommand('TimeoutMember', { target, durationSeconds: 60 })).thenRejects('MEMBER_BANNED');
    spec.given(activeBan).when(memberCommand('KickMember', { target })).thenRejects('MEMBER_BANNED');
  });
  it('rejects a timeout longer than Discord allows (28 days)', () => {
    expect(() => memberCommand('TimeoutMember', { target, durationSeconds: 28 * 86400 + 1 })).toThrow(/durationSeconds/);
  });
  it('rejects NOT_TIMED_OUT without a running timeout', () => {
    spec.given([]).when(memberCommand('RemoveMemberTimeout', { target })).thenRejects('NOT_TIMED_OUT');
    spec.given(activeTimeout).when(memberCommand('RemoveMemberTimeout', { target }, { now: at(601) })).thenRejects('NOT_TIMED_OUT');
  });
  it('rejects ACTION_PENDING for a timeout Discord has not applied yet', () => {
    spec.given([requested(timeout)]).when(memberCommand('RemoveMemberTimeout', { target })).thenRejects('ACTION_PENDING');
  });
  it('requests the untimeout, naming the case it lifts', () => {
    spec
      .given(activeTimeout)
      .when(memberCommand('RemoveMemberTimeout', { target }, { now: at(10) }))
      .then([requested(request('untimeout', { requestId: 'cmd-1', reason: null, liftsCaseNumber: 5, requestedAt: at(10) }))]);
  });
});

describe('WarnMember / AddMemberNote / KickMember', () => {
  it('records a warning, a note (text required) and a kick', () => {
    spec.given(activeTimeout).when(memberCommand('WarnMember', { target, reason: 'be nice' })).then([
      requested(request('warn', { requestId: 'cmd-1', reason: 'be nice' })),
    ]);
    spec.given([]).when(memberCommand('AddMemberNote', { target, reason: 'alt of someone' })).then([
      requested(request('note', { requestId: 'cmd-1', reason: 'alt of someone' })),
    ]);
    expect(() => memberCommand('AddMemberNote', { target, reason: '   ' })).toThrow(/payload\.reason/);
    spec.given([]).when(memberCommand('KickMember', { target, bulkId: 'bulk-1' })).then([
      requested(request('kick', { requestId: 'cmd-1', reason: null, bulkId: 'bulk-1' })),
    ]);
  });
});

describe('outcomes', () => {
  const outcome = { userId: USER, requestId: ban.requestId, caseNumber: 4 };
  it('REQUEST_NOT_FOUND for an unknown request (also for prototype names)', () => {
    spec.given([]).when(memberCommand('RecordModerationActionApplied', outcome)).thenRejects('REQUEST_NOT_FOUND');
    spec.given([]).when(memberCommand('RecordModerationActionApplied', { ...outcome, requestId: 'constructor' })).thenRejects('REQUEST_NOT_FOUND');
  });
  it('applies once, with the case number and what read models need', () => {
    spec.given([requested(tempBan)]).when(memberCommand('RecordModerationActionApplied', { ...outcome, requestId: tempBan.requestId })).then([applied(tempBan, 4)]);
    spec.given(activeBan).when(memberCommand('RecordModerationActionApplied', outcome)).then([]);
  });
  it('fails once, and never after it applied', () => {
    const failure = { ...outcome, discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions' };
    spec.given([requested(ban)]).when(memberCommand('RecordModerationActionFailed', failure)).then([failed(ban, 4)]);
    spec.given([requested(ban), failed(ban, 4)]).when(memberCommand('RecordModerationActionFailed', failure)).then([]);
    spec.given(activeBan).when(memberCommand('RecordModerationActionFailed', failure)).thenRejects('REQUEST_ALREADY_SETTLED');
    spec.given([requested(ban), failed(ban, 4)]).when(memberCommand('RecordModerationActionApplied', outcome)).thenRejects('REQUEST_ALREADY_SETTLED');
  });
  it('an observed action cannot fail (it already happened in Discord)', () => {
    const seen = request('ban', { requestId: 'audit-1', origin: 'discord' });
    spec
      .given([observed(seen)])
      .when(memberCommand('RecordModerationActionFailed', { userId: USER, requestId: 'audit-1', caseNumber: 2, reason: 'x' }))
      .thenRejects('REQUEST_ALREADY_SETTLED');
  });
});

describe('RecordSanctionExpired', () => {
  it('ends the ban of that case only', () => {
    spec.given([requested(tempBan), applied(tempBan, 4)]).when(memberCommand('RecordSanctionExpired', { userId: USER, caseNumber: 4 })).then([
      { type: 'SanctionExpired', data: { caseNumber: 4, action: 'ban', target, expiredAt: NOW } },
    ]);
    spec.given([requested(tempBan), applied(tempBan, 4)]).when(memberCommand('RecordSanctionExpired', { userId: USER, caseNumber: 3 })).then([]);
  });
  it('ends the timeout of that case', () => {
    spec.given(activeTimeout).when(memberCommand('RecordSanctionExpired', { userId: USER, caseNumber: 5 })).then([
      { type: 'SanctionExpired', data: { caseNumber: 5, action: 'timeout', target, expiredAt: NOW } },
    ]);
  });
  it('does nothing when the ban was lifted meanwhile (once only)', () => {
    const unban = request('unban', { liftsCaseNumber: 4 });
    spec
      .given([requested(tempBan), applied(tempBan, 4), requested(unban), applied(unban, 6)])
      .when(memberCommand('RecordSanctionExpired', { userId: USER, caseNumber: 4 }))
      .then([]);
  });
});

describe('RecordDiscordAuditAction (audit-log facts)', () => {
  const human = { id: '400000000000000001', name: 'Bob' };
  const bot = { id: '500000000000000001', name: 'Guildhall' };
  const fact = { auditLogEntryId: '900000000000000001', action: 'ban' as const, target, executor: human, executorIsBot: false, reason: 'raid' };

  it('a human ban in Discord is observed, attributed to that moderator', () => {
    spec.given([]).when(memberCommand('RecordDiscordAuditAction', fact)).then([
      observed(
        request('ban', {
          requestId: 'audit-900000000000000001', origin: 'discord', reason: 'raid', auditLogEntryId: fact.auditLogEntryId,
          moderator: { kind: 'discord-user', id: human.id, name: 'Bob' },
        }),
      ),
    ]);
  });
  it('and makes the member banned (facts are never rejected)', () => {
    const state = fold(memberRecordDecider, memberRecordDecider.decide(memberCommand('RecordDiscordAuditAction', fact), fold(memberRecordDecider, activeBan)));
    expect(isBanned(state)).toBe(true);
  });
  it("the bot's own action links to the case named in its reason instead of opening one", () => {
    spec
      .given([])
      .when(memberCommand('RecordDiscordAuditAction', { ...fact, executor: bot, executorIsBot: true, reason: 'Case #12 — raid — by Ann' }))
      .then([
        {
          type: 'DiscordAuditActionLinked',
          data: { ...fact, executor: bot, executorIsBot: true, reason: 'Case #12 — raid — by Ann', caseNumber: 12, linkedAt: NOW },
        },
      ]);
  });
  it('a human reason "Case #N" links only when N is a case of this member', () => {
    spec.given(activeBan).when(memberCommand('RecordDiscordAuditAction', { ...fact, action: 'kick', reason: 'Case #4 — again' })).then((e) =>
      expect(e).toEqual([expect.objectContaining({ type: 'DiscordAuditActionLinked', data: expect.objectContaining({ caseNumber: 4 }) })]),
    );
    spec.given(activeBan).when(memberCommand('RecordDiscordAuditAction', { ...fact, action: 'kick', reason: 'Case #44 — again' })).then((e) =>
      expect(e[0]?.type).toBe('ModerationActionObserved'),
    );
  });
  it('the same audit-log entry twice decides nothing', () => {
    spec.given([observed(request('ban', { origin: 'discord', auditLogEntryId: fact.auditLogEntryId }))]).when(memberCommand('RecordDiscordAuditAction', fact)).then([]);
  });
  it('a human unban of a Guildhall ban names the case it lifts', () => {
    spec.given(activeBan).when(memberCommand('RecordDiscordAuditAction', { ...fact, action: 'unban', reason: null })).then((e) =>
      expect(e).toEqual([expect.objectContaining({ data: expect.objectContaining({ action: 'unban', liftsCaseNumber: 4, reason: null }) })]),
    );
  });
  it('a human timeout carries its end and duration; a timeout fact needs its end', () => {
    spec
      .given([])
      .when(memberCommand('RecordDiscordAuditAction', { ...fact, action: 'timeout', timeoutUntil: at(3600) }))
      .then((e) => expect(e[0]?.data).toMatchObject({ action: 'timeout', durationSeconds: 3600, expiresAt: at(3600) }));
    expect(() => memberCommand('RecordDiscordAuditAction', { ...fact, action: 'timeout' })).toThrow(/payload\.timeoutUntil/);
  });
});

describe('ReconcileWithDiscord (Discord is the truth after downtime)', () => {
  const later = at(60);
  const human = { id: '400000000000000001', name: 'Bob' };
  const snapshot = { target, snapshotId: 'snap-1', banned: false, timeoutKnown: true, timeoutUntil: null };
  const reconcile = (over: Partial<{ banned: boolean; banReason: string | null; banAudit: { auditLogEntryId: string; executor: typeof human; reason: string | null } | null; timeoutKnown: boolean; timeoutUntil: string | null }> = {}, now = later) =>
    memberCommand('ReconcileWithDiscord', { ...snapshot, ...over }, { commandId: 'rec-1', now });

  it('a ban lifted in Discord while away is observed as an unban that lifts the case, by "Discord (while Guildhall was away)"', () => {
    spec.given(activeBan).when(reconcile()).then([
      observed(
        request('unban', {
          requestId: 'reconciled-rec-1-ban', origin: 'discord', reason: null, liftsCaseNumber: 4, requestedAt: later,
          moderator: { kind: 'system', id: 'discord-reconciliation', name: 'Discord (while Guildhall was away)' },
        }),
      ),
    ]);
  });
  it('after it the member is not banned, so a new /ban is accepted (no ALREADY_BANNED)', () => {
    const events = [...activeBan, ...memberRecordDecider.decide(reconcile(), fold(memberRecordDecider, activeBan))];
    expect(isBanned(fold(memberRecordDecider, events))).toBe(false);
    spec.given(events).when(memberCommand('BanMember', { target }, { commandId: 'cmd-2', now: at(120) })).then((e) => expect(e).toHaveLength(1));
  });
  it('a ban made in Discord while away is a case of the executor the audit-log catch-up found, with its entry id', () => {
    const banAudit = { auditLogEntryId: '900000000000000002', executor: human, reason: 'raid' };
    spec.given([]).when(reconcile({ banned: true, banReason: 'raid (ban list)', banAudit })).then([
      observed(
        request('ban', {
          requestId: 'audit-900000000000000002', origin: 'discord', reason: 'raid', auditLogEntryId: '900000000000000002', requestedAt: later,
          moderator: { kind: 'discord-user', id: human.id, name: 'Bob' },
        }),
      ),
    ]);
  });
  it('without an audit entry, the ban list reason and "Discord (while Guildhall was away)"', () => {
    spec.given([]).when(reconcile({ banned: true, banReason: 'raid' })).then((e) =>
      expect(e).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ action: 'ban', requestId: 'reconciled-rec-1-ban', reason: 'raid', auditLogEntryId: null, moderator: expect.objectContaining({ kind: 'system' }) }) }),
      ]),
    );
  });
  it('nothing doubled: the audit entry after the snapshot, or the snapshot after the audit entry, decides nothing', () => {
    const banAudit = { auditLogEntryId: '900000000000000002', executor: human, reason: 'raid' };
    const fromSnapshot = memberRecordDecider.decide(reconcile({ banned: true, banAudit }), fold(memberRecordDecider, []));
    const audit = { auditLogEntryId: '900000000000000002', action: 'ban' as const, target, executor: human, executorIsBot: false, reason: 'raid' };
    spec.given(fromSnapshot).when(memberCommand('RecordDiscordAuditAction', audit, { now: at(90) })).then([]);
    const fromAudit = memberRecordDecider.decide(memberCommand('RecordDiscordAuditAction', audit), fold(memberRecordDecider, []));
    spec.given(fromAudit).when(reconcile({ banned: true, banAudit })).then([]);
    spec.given(fromAudit).when(reconcile({ banned: true })).then([]);
  });
  it('an audit entry for a change a snapshot already recorded without it links to that case instead of opening a second', () => {
    const unbanned = [...activeBan, ...memberRecordDecider.decide(reconcile(), fold(memberRecordDecider, activeBan))];
    const observedUnban = unbanned.at(-1)!;
    const withCase = [...unbanned, applied(observedUnban.data as ModerationRequest, 9)];
    const entry = { auditLogEntryId: '900000000000000003', action: 'unban' as const, target, executor: human, executorIsBot: false, reason: 'appeal' };
    spec.given(withCase).when(memberCommand('RecordDiscordAuditAction', entry, { now: at(120) })).then([
      { type: 'DiscordAuditActionLinked', data: { ...entry, caseNumber: 9, linkedAt: at(120) } },
    ]);
    // A ban after that unban is a change of its own: a case of its own.
    spec.given(withCase).when(memberCommand('RecordDiscordAuditAction', { ...entry, action: 'ban' }, { now: at(120) })).then((e) => expect(e[0]?.type).toBe('ModerationActionObserved'));
  });
  it('agreeing states, pending work and a record newer than the snapshot decide nothing', () => {
    spec.given(activeBan).when(reconcile({ banned: true })).then([]);
    spec.given([]).when(reconcile()).then([]);
    // The executor has still to ban (or to lift) in Discord: not the snapshot's business.
    spec.given([requested(ban)]).when(reconcile()).then([]);
    const unban = request('unban', { requestId: 'req-unban', liftsCaseNumber: 4 });
    spec.given([...activeBan, requested(unban)]).when(reconcile()).then([]);
    // Unbanned in Guildhall after the snapshot was taken.
    const appliedAt = (e: MemberRecordEvent, when: string): MemberRecordEvent =>
      e.type === 'ModerationActionApplied' ? { ...e, data: { ...e.data, appliedAt: when } } : e;
    spec.given([...activeBan, requested({ ...unban, requestedAt: at(90) }), appliedAt(applied(unban, 6), at(95))]).when(reconcile({ banned: true })).then([]);
    // Banned in Guildhall after the snapshot was taken.
    spec.given([requested({ ...ban, requestedAt: at(90) }), appliedAt(applied(ban, 4), at(95))]).when(reconcile()).then([]);
  });
  it('a timeout ended early in Discord is an untimeout lifting its case; one set while away is a timeout to its end', () => {
    spec.given(activeTimeout).when(reconcile()).then((e) =>
      expect(e).toEqual([expect.objectContaining({ data: expect.objectContaining({ action: 'untimeout', requestId: 'reconciled-rec-1-timeout', liftsCaseNumber: 5 }) })]),
    );
    spec.given([]).when(reconcile({ timeoutUntil: at(3660) })).then((e) =>
      expect(e).toEqual([expect.objectContaining({ data: expect.objectContaining({ action: 'timeout', expiresAt: at(3660), durationSeconds: 3600 }) })]),
    );
    spec.given(activeTimeout).when(reconcile({ timeoutUntil: at(600) })).then([]);
  });
  it('timeouts are not compared when the member list was incomplete, nor once they ended by themselves', () => {
    spec.given(activeTimeout).when(reconcile({ timeoutKnown: false })).then([]);
    spec.given(activeTimeout).when(reconcile({}, at(700))).then([]);
    spec.given([]).when(reconcile({ timeoutUntil: at(30) })).then([]);
  });
  it('records when the ban and the timeout last changed', () => {
    const done = applied(ban, 4);
    const s = fold(memberRecordDecider, [requested(ban), done.type === 'ModerationActionApplied' ? { ...done, data: { ...done.data, appliedAt: at(5) } } : done]);
    expect(s.banChangedAt).toBe(at(5));
    expect(s.timeoutChangedAt).toBeNull();
  });
});

describe('member record state', () => {
  it('tracks timeouts by time, since Discord ends them by itself', () => {
    const s = fold(memberRecordDecider, activeTimeout);
    expect(isTimedOut(s, at(599))).toBe(true);
    expect(isTimedOut(s, at(600))).toBe(false);
    expect(s.caseNumbers).toEqual([5]);
    expect(s.timeout).toMatchObject({ status: 'active', caseNumber: 5 });
  });
});
