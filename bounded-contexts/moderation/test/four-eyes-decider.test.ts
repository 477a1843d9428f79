import { DeciderSpecification, fold } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  type ApprovalRequestEvent,
  type FourEyesEvent,
  approvalOutcomeOf,
  approvalRequestDecider,
  approvalsWorkflow,
  heldElsewhereWorkflow,
  approvalRequestCommands,
  ApprovalRequestedSchema,
  executionCommandId,
  approvalIdOfExecution,
  fourEyesDecider,
  fourEyesGate,
  initialFourEyesState,
  evolveFourEyes,
  parseModerationEvent,
  toCommand,
} from '../src/index.js';
import { ANN, BOB, NOW, approvalCommand, at, envelopeOf, fourEyesCommand, stored, target } from './fixtures.js';

const rulesSpec = DeciderSpecification.for(fourEyesDecider);
const spec = DeciderSpecification.for(approvalRequestDecider);

const bansOn: FourEyesEvent = {
  type: 'FourEyesConfigured',
  data: { acts: ['ban'], bulkThreshold: 10, expirySeconds: 3600, staffChannelId: null, configuredBy: ANN, configuredAt: NOW },
};
const held = { context: 'moderation' as const, type: 'BanMember', payload: { target, reason: 'raid' } };
const summary = { text: 'Ban troll#0001 (raid)', targets: [{ ...target }], caseNumber: null };
const requested: ApprovalRequestEvent = {
  type: 'ApprovalRequested',
  data: { approvalId: 'req-1', act: 'ban', held, summary, requestedBy: ANN, requestedAt: NOW, expiresAt: at(3600), postTo: null },
};
const granted: ApprovalRequestEvent = { type: 'ApprovalGranted', data: { approvalId: 'req-1', held, requestedBy: ANN, approvedBy: BOB, approvedAt: at(60), post: null } };

describe('ConfigureFourEyes', () => {
  it('records the rules with who set them', () => {
    rulesSpec.given([]).when(fourEyesCommand('ConfigureFourEyes', { acts: ['ban'], expirySeconds: 3600 })).then([bansOn]);
  });
  it('records nothing when the rules in force are set again; a change is a new event (history)', () => {
    rulesSpec.given([bansOn]).when(fourEyesCommand('ConfigureFourEyes', { acts: ['ban'], expirySeconds: 3600 })).then([]);
    rulesSpec
      .given([bansOn])
      .when(fourEyesCommand('ConfigureFourEyes', { acts: ['hide-case', 'ban'], bulkThreshold: 5, expirySeconds: 3600 }, { now: at(5) }))
      .then([{ type: 'FourEyesConfigured', data: { acts: ['ban', 'hide-case'], bulkThreshold: 5, expirySeconds: 3600, staffChannelId: null, configuredBy: ANN, configuredAt: at(5) } }]);
  });
  it('refuses unknown acts, a duplicate act, a threshold below 2 and an expiry out of range, naming the field', () => {
    expect(() => fourEyesCommand('ConfigureFourEyes', { acts: ['kick' as 'ban'] })).toThrow(/payload\.acts/);
    expect(() => fourEyesCommand('ConfigureFourEyes', { acts: ['ban', 'ban'] })).toThrow(/each act at most once/);
    expect(() => fourEyesCommand('ConfigureFourEyes', { acts: [], bulkThreshold: 1 })).toThrow(/payload\.bulkThreshold/);
    expect(() => fourEyesCommand('ConfigureFourEyes', { acts: [], expirySeconds: 10 })).toThrow(/payload\.expirySeconds/);
  });
});

describe('the four-eyes gate', () => {
  const rules = (acts: ('ban' | 'bulk-action' | 'hide-case')[], bulkThreshold = 3) =>
    evolveFourEyes(initialFourEyesState(), { type: 'FourEyesConfigured', data: { acts, bulkThreshold, expirySeconds: 3600, staffChannelId: null, configuredBy: ANN, configuredAt: NOW } });
  const ban = toCommand(envelopeOf('BanMember', { target, reason: 'raid' }));
  const members = [target, { id: '300000000000000002', name: null }, { id: '300000000000000003', name: null }];
  const bulk = (action: 'ban' | 'kick', n: number) => toCommand(envelopeOf('RequestBulkAction', { action, targets: members.slice(0, n) }));

  it('lets everything through when four-eyes is off (the default)', () => {
    expect(fourEyesGate(initialFourEyesState(), ban)).toBeNull();
    expect(fourEyesGate(rules([]), ban)).toBeNull();
  });
  it('holds a ban when bans are on, with what the second moderator sees', () => {
    expect(fourEyesGate(rules(['ban']), ban)).toEqual({ act: 'ban', summary });
  });
  it("does not hold a bulk member's own ban (its bulk request was the act)", () => {
    expect(fourEyesGate(rules(['ban']), toCommand(envelopeOf('BanMember', { target, bulkId: 'bulk-1' })))).toBeNull();
  });
  it('holds a bulk action from the threshold on, and any bulk ban when bans are on', () => {
    expect(fourEyesGate(rules(['bulk-action']), bulk('kick', 2))).toBeNull();
    expect(fourEyesGate(rules(['bulk-action']), bulk('kick', 3))?.act).toBe('bulk-action');
    expect(fourEyesGate(rules(['ban']), bulk('ban', 1))?.act).toBe('ban');
    expect(fourEyesGate(rules(['ban']), bulk('kick', 3))).toBeNull();
  });
  it('holds hiding a case when hide-case is on', () => {
    const hide = toCommand(envelopeOf('HideCase', { caseNumber: 4, reason: 'doxxing' }));
    expect(fourEyesGate(rules(['hide-case']), hide)).toEqual({ act: 'hide-case', summary: { text: 'Hide case #4 (doxxing)', targets: [], caseNumber: 4 } });
    expect(fourEyesGate(rules(['ban']), hide)).toBeNull();
  });
});

describe('RequestApproval', () => {
  it('opens a pending request under the held command id, once', () => {
    const cmd = approvalCommand('RequestApproval', { act: 'ban', held, summary, expiresAt: at(3600) }, { commandId: 'req-1' });
    spec.given([]).when(cmd).then([requested]);
    spec.given([requested]).when(cmd).then([]);
  });
});

describe('RecordApprovalPost', () => {
  it('records the staff-channel post once (or why Discord refused it)', () => {
    const post = approvalCommand('RecordApprovalPost', { approvalId: 'req-1', channelId: '500000000000000001', messageId: '600000000000000001' }, { now: at(1) });
    const posted: ApprovalRequestEvent = { type: 'ApprovalPosted', data: { approvalId: 'req-1', channelId: '500000000000000001', messageId: '600000000000000001', failure: null, at: at(1) } };
    spec.given([requested]).when(post).then([posted]);
    spec.given([requested, posted]).when(post).then([]);
    spec.given([]).when(post).thenRejects('APPROVAL_NOT_FOUND');
  });
  it('a decision carries the post it updates, which is then recorded as updated once', () => {
    const posted: ApprovalRequestEvent = { type: 'ApprovalPosted', data: { approvalId: 'req-1', channelId: '500000000000000001', messageId: '600000000000000001', failure: null, at: at(1) } };
    const ref = { channelId: '500000000000000001', messageId: '600000000000000001', text: summary.text, requestedBy: ANN.name };
    spec.given([requested, posted]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: BOB, now: at(60) })).then([{ ...granted, data: { ...granted.data, post: ref } } as ApprovalRequestEvent]);
    const updated = approvalCommand('RecordApprovalPostUpdated', { approvalId: 'req-1' }, { now: at(61) });
    const done: ApprovalRequestEvent = { type: 'ApprovalPostUpdated', data: { approvalId: 'req-1', failure: null, at: at(61) } };
    spec.given([requested, posted, granted]).when(updated).then([done]);
    spec.given([requested, posted, granted, done]).when(updated).then([]);
    spec.given([requested, granted]).when(updated).then([]);
  });
});

describe('ApproveRequest', () => {
  it('a second moderator approves: the grant carries the held command and the requester', () => {
    spec.given([requested]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: BOB, now: at(60) })).then([granted]);
  });
  it('the requester can never approve their own, from the dashboard or from Discord', () => {
    spec.given([requested]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' })).thenRejects('OWN_APPROVAL_FORBIDDEN');
    spec.given([requested]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: { ...ANN, kind: 'discord-user' } })).thenRejects('OWN_APPROVAL_FORBIDDEN');
    spec.given([requested]).when(approvalCommand('DenyRequest', { approvalId: 'req-1' })).thenRejects('OWN_APPROVAL_FORBIDDEN');
  });
  it('is decided once, never after its expiry, never for an unknown request', () => {
    spec.given([requested, granted]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: BOB })).thenRejects('APPROVAL_ALREADY_DECIDED');
    spec.given([requested, granted]).when(approvalCommand('DenyRequest', { approvalId: 'req-1' }, { actor: BOB })).thenRejects('APPROVAL_ALREADY_DECIDED');
    spec.given([requested]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: BOB, now: at(3600) })).thenRejects('APPROVAL_EXPIRED');
    spec.given([]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: BOB })).thenRejects('APPROVAL_NOT_FOUND');
  });
});

describe('DenyRequest', () => {
  it('a second moderator denies, with a reason', () => {
    spec
      .given([requested])
      .when(approvalCommand('DenyRequest', { approvalId: 'req-1', reason: ' not enough evidence ' }, { actor: BOB, now: at(60) }))
      .then([{ type: 'ApprovalDenied', data: { approvalId: 'req-1', deniedBy: BOB, reason: 'not enough evidence', deniedAt: at(60), post: null } }]);
  });
});

describe('ExpireApproval', () => {
  it('expires a pending request at its time, not before, and does nothing to a decided one', () => {
    const expire = (now: string) => approvalCommand('ExpireApproval', { approvalId: 'req-1' }, { now });
    spec.given([requested]).when(expire(at(3600))).then([{ type: 'ApprovalExpired', data: { approvalId: 'req-1', expiredAt: at(3600), post: null } }]);
    spec.given([requested]).when(expire(at(3599))).thenRejects('APPROVAL_NOT_DUE');
    spec.given([requested, granted]).when(expire(at(3600))).then([]);
    const expired: ApprovalRequestEvent = { type: 'ApprovalExpired', data: { approvalId: 'req-1', expiredAt: at(3600), post: null } };
    spec.given([requested, expired]).when(approvalCommand('ApproveRequest', { approvalId: 'req-1' }, { actor: BOB, now: at(3601) })).thenRejects('APPROVAL_EXPIRED');
  });
});

describe('RecordApprovalExecuted', () => {
  const run = approvalCommand('RecordApprovalExecuted', { approvalId: 'req-1', commandId: executionCommandId('req-1'), outcome: 'accepted' }, { now: at(61) });
  const executed: ApprovalRequestEvent = {
    type: 'ApprovalExecuted',
    data: { approvalId: 'req-1', commandId: executionCommandId('req-1'), outcome: 'accepted', code: null, message: null, executedAt: at(61) },
  };
  it('records the run once, only after a grant', () => {
    spec.given([requested, granted]).when(run).then([executed]);
    spec.given([requested, granted, executed]).when(run).then([]);
    spec.given([requested]).when(run).thenRejects('APPROVAL_NOT_GRANTED');
  });
  it('tells the outcome of the request at each step', () => {
    const state = (events: ApprovalRequestEvent[]) => fold(approvalRequestDecider, events);
    expect(approvalOutcomeOf(state([]))).toBeUndefined();
    expect(approvalOutcomeOf(state([requested]))).toEqual({ status: 'awaiting-approval', approvalId: 'req-1', expiresAt: at(3600) });
    expect(approvalOutcomeOf(state([requested, granted, executed]))).toEqual({ status: 'approved', approvalId: 'req-1', executionId: 'four-eyes-req-1' });
  });
});

describe('the approvals workflow', () => {
  it('runs the held command once an approval is granted, as its requester, under an id derived from the approval', () => {
    const [envelope] = stored('moderation.approval.x-req-1', [granted]);
    const event = parseModerationEvent(envelope!);
    const commands = approvalsWorkflow(event!, envelope!, at(61));
    expect(commands).toEqual([
      expect.objectContaining({ id: 'four-eyes-req-1', type: 'BanMember', actor: ANN, causationId: envelope!.id, payload: held.payload }),
    ]);
    expect(approvalIdOfExecution(commands[0]!.id)).toBe('req-1');
    expect(approvalIdOfExecution('cmd-1')).toBeNull();
  });
  it('sends another context\'s held command (an appeal decision) to that context, and none of it to moderation', () => {
    const decision = { context: 'appeals' as const, type: 'DecideAppeal', payload: { caseNumber: 7, appealId: '1-7-1', decision: 'approved', reason: 'ok' } };
    const [envelope] = stored('moderation.approval.x-req-2', [{ type: 'ApprovalGranted', data: { approvalId: 'req-2', held: decision, requestedBy: ANN, approvedBy: BOB, approvedAt: at(60), post: null } }]);
    const event = parseModerationEvent(envelope!)!;
    expect(approvalsWorkflow(event, envelope!, at(61))).toEqual([]);
    expect(heldElsewhereWorkflow(event, envelope!, at(61))).toEqual([
      { context: 'appeals', command: expect.objectContaining({ id: 'four-eyes-req-2', type: 'DecideAppeal', actor: ANN, payload: decision.payload }) },
    ]);
    const [moderationHeld] = stored('moderation.approval.x-req-1', [granted]);
    expect(heldElsewhereWorkflow(parseModerationEvent(moderationHeld!)!, moderationHeld!, at(61))).toEqual([]);
  });
});

describe('held contexts', () => {
  it('an approval holds a moderation or an appeals command; old requests (moderation) still parse; no other context', () => {
    expect(ApprovalRequestedSchema.parse(requested.data).held.context).toBe('moderation');
    const base = { act: 'appeal-decision', summary: { text: 'Approve appeal', targets: [], caseNumber: 7 }, expiresAt: at(3600) };
    expect(approvalRequestCommands.RequestApproval.safeParse({ ...base, held: { context: 'appeals', type: 'DecideAppeal', payload: {} } }).success).toBe(true);
    expect(approvalRequestCommands.RequestApproval.safeParse({ ...base, held: { context: 'music', type: 'Play', payload: {} } }).success).toBe(false);
  });
});
