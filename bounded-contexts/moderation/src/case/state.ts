import type { Actor } from '@guildhall/kernel';
import type { CaseEvent, DiscordActionFailed, DiscordActionRequested } from './events.js';
import type { ModerationRequest } from '../moderation-request.js';
import type { DiscordAction } from '../moderation-schemas.js';

export type DiscordActionState = Readonly<{
  actionId: string;
  purpose: DiscordActionRequested['data']['purpose'];
  action: DiscordAction;
  auditLogReason: string;
  status: 'requested' | 'succeeded' | 'failed';
  requestedAt: string;
  settledAt: string | null;
  failure: Readonly<Pick<DiscordActionFailed['data'], 'discordErrorCode' | 'httpStatus' | 'reason'>> | null;
}>;

export type OpenedCase = Readonly<
  ModerationRequest & {
    status: 'opened';
    caseNumber: number;
    openedAt: string;
    /**
     * What Discord made of the case's own action: recorded (warn/note, nothing to do in
     * Discord), pending, done (succeeded, or observed: a human already did it), failed.
     */
    outcome: 'recorded' | 'pending' | 'done' | 'failed';
    reasonHistory: readonly Readonly<{ previousReason: string | null; reason: string; amendedBy: Actor; amendedAt: string }>[];
    notes: readonly Readonly<{ noteId: string; text: string; author: Actor; addedAt: string }>[];
    evidence: readonly Readonly<{ evidenceId: string; url: string; description: string | null; addedBy: Actor; addedAt: string }>[];
    hidden: Readonly<{ reason: string; by: Actor; at: string }> | null;
    discordActions: readonly DiscordActionState[];
    auditLogEntryIds: readonly string[];
    expiry: Readonly<{ dueAt: string; status: 'scheduled' | 'expired' | 'cancelled' }> | null;
    /** How a ban/timeout ended, once it has. */
    ended:
      | Readonly<{ how: 'expired'; at: string }>
      | Readonly<{ how: 'lifted'; at: string; byCaseNumber: number | null; by: Actor }>
      | null;
  }
>;

/** Plain JSON so the UI can replay a case with this very evolve. */
export type CaseState = Readonly<{ status: 'none' }> | OpenedCase;

export const initialCaseState = (): CaseState => ({ status: 'none' });

const settleAction = (
  c: OpenedCase,
  actionId: string,
  status: 'succeeded' | 'failed',
  at: string,
  failure: DiscordActionState['failure'],
): OpenedCase => {
  const target = c.discordActions.find((a) => a.actionId === actionId);
  const discordActions = c.discordActions.map((a) => (a.actionId === actionId ? { ...a, status, settledAt: at, failure } : a));
  const outcome = target?.purpose === 'sanction' ? (status === 'succeeded' ? 'done' : 'failed') : c.outcome;
  return { ...c, discordActions, outcome };
};

const onOpened = (s: OpenedCase, e: CaseEvent): OpenedCase => {
  switch (e.type) {
    case 'CaseOpened':
      return s;
    case 'DiscordActionRequested': {
      const d = e.data;
      const action: DiscordActionState = {
        actionId: d.actionId,
        purpose: d.purpose,
        action: d.action,
        auditLogReason: d.auditLogReason,
        status: 'requested',
        requestedAt: d.requestedAt,
        settledAt: null,
        failure: null,
      };
      return { ...s, discordActions: [...s.discordActions, action], outcome: d.purpose === 'sanction' ? 'pending' : s.outcome };
    }
    case 'DiscordActionSucceeded':
      return settleAction(s, e.data.actionId, 'succeeded', e.data.succeededAt, null);
    case 'DiscordActionFailed': {
      const { discordErrorCode, httpStatus, reason } = e.data;
      return settleAction(s, e.data.actionId, 'failed', e.data.failedAt, { discordErrorCode, httpStatus, reason });
    }
    case 'ExpiryScheduled':
      return { ...s, expiry: { dueAt: e.data.dueAt, status: 'scheduled' } };
    case 'ExpiryCancelled':
      return { ...s, expiry: s.expiry && { ...s.expiry, status: 'cancelled' } };
    case 'CaseExpired':
      return { ...s, expiry: { dueAt: e.data.dueAt, status: 'expired' }, ended: { how: 'expired', at: e.data.expiredAt } };
    case 'CaseLifted':
      return {
        ...s,
        ended: { how: 'lifted', at: e.data.liftedAt, byCaseNumber: e.data.byCaseNumber, by: e.data.liftedBy },
      };
    case 'CaseReasonAmended': {
      const { previousReason, reason, amendedBy, amendedAt } = e.data;
      return { ...s, reason, reasonHistory: [...s.reasonHistory, { previousReason, reason, amendedBy, amendedAt }] };
    }
    case 'CaseNoteAdded': {
      const { noteId, text, author, addedAt } = e.data;
      return { ...s, notes: [...s.notes, { noteId, text, author, addedAt }] };
    }
    case 'CaseEvidenceAdded': {
      const { evidenceId, url, description, addedBy, addedAt } = e.data;
      return { ...s, evidence: [...s.evidence, { evidenceId, url, description, addedBy, addedAt }] };
    }
    case 'CaseHidden':
      return { ...s, hidden: { reason: e.data.reason, by: e.data.hiddenBy, at: e.data.hiddenAt } };
    case 'CaseRestored':
      return { ...s, hidden: null };
    case 'AuditLogEntryLinked':
      return { ...s, auditLogEntryIds: [...s.auditLogEntryIds, e.data.auditLogEntryId] };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

export const evolveCase = (s: CaseState, e: CaseEvent): CaseState => {
  if (e.type === 'CaseOpened') {
    const { caseNumber, openedAt, ...request } = e.data;
    return {
      ...request,
      status: 'opened',
      caseNumber,
      openedAt,
      outcome: request.origin === 'discord' ? 'done' : 'recorded',
      reasonHistory: [],
      notes: [],
      evidence: [],
      hidden: null,
      discordActions: [],
      auditLogEntryIds: request.auditLogEntryId ? [request.auditLogEntryId] : [],
      expiry: null,
      ended: null,
    };
  }
  // Events of a case that was never opened cannot be stored (every command checks); ignore them.
  return s.status === 'opened' ? onOpened(s, e) : s;
};
