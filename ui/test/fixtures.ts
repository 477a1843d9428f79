/** A ban case's timeline as the API returns it, shared by the replay tests. */
import type { TimelineEntry } from '../src/api/types.js';

const moderator = { kind: 'dashboard-user' as const, id: '42', name: 'Ann' };
const target = { id: '777', name: 'spammer' };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

const entry = (seq: number, version: number, type: string, payload: unknown): TimelineEntry =>
  ({ seq, eventId: `e${seq}`, type, version, position: seq, occurredAt: at(seq), actor: moderator, source: 'web', correlationId: 'c', causationId: null, payload, state: { status: 'none' } }) as TimelineEntry;

/** A ban case as the moderation context stores it: opened and sent to Discord in one commit, then Discord's answer. */
export const entries: TimelineEntry[] = [
  entry(1, 5, 'CaseOpened', {
    requestId: 'r1', origin: 'guildhall', action: 'ban', target, moderator, reason: 'raid', durationSeconds: null, expiresAt: null,
    deleteMessageSeconds: 0, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: at(0), caseNumber: 3, openedAt: at(1),
  }),
  entry(2, 5, 'DiscordActionRequested', {
    actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target,
    auditLogReason: 'Case #3 — raid — by Ann', timeoutUntil: null, deleteMessageSeconds: 0, requestedAt: at(1),
  }),
  entry(3, 9, 'DiscordActionFailed', {
    actionId: 'case-3-sanction', caseNumber: 3, requestId: 'r1', purpose: 'sanction', action: 'ban', target,
    discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions', failedAt: at(3),
  }),
];

