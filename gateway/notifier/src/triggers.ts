import { appealEvents, emailPreferenceEvents, MEMBER_SCOPE_GUILD, notificationsCommands, type RetryPolicy } from '@guildhall/appeals';
import { signLink } from '@guildhall/appeals/notification-links';
import { deterministicId, eventFromEnvelope, snowflakeMs, type EventEnvelope } from '@guildhall/kernel';
import { caseEvents, reportEvents, type CaseOpened } from '@guildhall/moderation';
import type { z } from 'zod';
import { appealReminderPost, appealStaffPost, reportPost, confirmationEmail, decisionDm, decisionEmail, sanctionDm, sanctionEmail, type SanctionFacts } from './templates.js';

export type QueuePayload = z.input<(typeof notificationsCommands)['QueueNotification']>;
/** A notification to queue, and the guild its outbox stream belongs to. */
export type Queued = Readonly<{ guildId: string; payload: QueuePayload }>;

/** What a trigger needs to know besides the event (read by the notifier before it asks `notificationsFor`). */
export type TriggerFacts = Readonly<{
  /** The member's opted-in, confirmed address; undefined: no email. */
  email: string | undefined;
  /** The guild takes appeals (its appeal settings). */
  appealsOpen: boolean;
  /** The guild's staff channel, when configured. */
  staffChannelId: string | undefined;
}>;

export type LinkSettings = Readonly<{ publicUrl: string; secret: string; retry: RetryPolicy; now: Date }>;

/** Sanctions a member hears about (warn only ever comes from Guildhall; the rest also from Discord's own client). */
const SANCTIONS: ReadonlySet<string> = new Set(['ban', 'kick', 'timeout', 'warn']);
const CONFIRM_DAYS = 7;

/**
 * How old a sanction done in Discord itself may be, when Guildhall records it, and still be DMed:
 * 24 hours. A live audit-log entry is seconds old; a catch-up after downtime brings entries as old
 * as the downtime, and a first start (or a long outage) brings a guild's whole history, whose
 * members must not all be DMed about bans long past.
 */
export const OBSERVED_DM_MAX_AGE_MS = 24 * 3_600_000;

/**
 * A case the member is told about: every sanction asked in Guildhall; one a human did in Discord's
 * own client when we know it is fresh: its audit-log entry's id carries when it was made, at most
 * OBSERVED_DM_MAX_AGE_MS before the case opened. A change a snapshot found with no audit-log entry
 * (when it happened is unknown: some time while Guildhall was away) is not DMed.
 */
export const dmsSanction = (d: CaseOpened['data']): boolean => {
  if (!SANCTIONS.has(d.action)) return false;
  if (d.origin === 'guildhall') return true;
  return d.auditLogEntryId !== null && Date.parse(d.openedAt) - snowflakeMs(d.auditLogEntryId) <= OBSERVED_DM_MAX_AGE_MS;
};

/** Which member a trigger is about (whose email preference the notifier reads); undefined: not a trigger. */
export const memberOf = (event: EventEnvelope): { guildId: string; userId: string | null } | undefined => {
  const c = eventFromEnvelope(caseEvents, event);
  if (c?.type === 'CaseOpened') return dmsSanction(c.data) ? { guildId: event.guildId, userId: c.data.target.id } : undefined;
  if (eventFromEnvelope(reportEvents, event)?.type === 'ReportFiled') return { guildId: event.guildId, userId: null };
  const a = eventFromEnvelope(appealEvents, event);
  if (a?.type === 'AppealDecided') return { guildId: a.data.guildId, userId: a.data.appellantId };
  if (a?.type === 'AppealSubmitted' || a?.type === 'AppealReminderDue') return { guildId: a.data.guildId, userId: null };
  const p = eventFromEnvelope(emailPreferenceEvents, event);
  if (p?.type === 'EmailConfirmationRequested') return { guildId: MEMBER_SCOPE_GUILD, userId: null };
  return undefined;
};

/**
 * The notifications one stored event leads to. Pure: the ids derive from the event and the
 * channel, so reacting to a redelivered event queues nothing new.
 */
export const notificationsFor = (event: EventEnvelope, facts: TriggerFacts, links: LinkSettings): Queued[] => {
  const out: Queued[] = [];
  const queue = (channel: string, guildId: string, rest: Omit<QueuePayload, 'notificationId' | 'trigger' | 'retry'>): void => {
    out.push({ guildId, payload: { notificationId: deterministicId('notification', event.id, channel), trigger: { eventId: event.id, type: event.type }, retry: links.retry, ...rest } });
  };
  // The member's own record (`/me`, the appeals' page), at the guild's section: where they appeal.
  const recordUrl = (guildId: string): string => `${links.publicUrl}/me#guild-${guildId}`;
  const unsubscribe = (userId: string): string => `${links.publicUrl}/notifications/unsubscribe?token=${signLink(links.secret, { p: 'unsubscribe', u: userId })}`;

  const c = eventFromEnvelope(caseEvents, event);
  if (c?.type === 'CaseOpened') {
    const d = c.data;
    if (!dmsSanction(d)) return [];
    const facts2: SanctionFacts = {
      guildId: event.guildId,
      caseNumber: d.caseNumber,
      action: d.action,
      reason: d.reason,
      expiresAt: d.expiresAt,
      appealUrl: facts.appealsOpen ? recordUrl(event.guildId) : null,
    };
    queue('dm', event.guildId, { kind: 'sanction', recipient: { channel: 'dm', userId: d.target.id }, content: sanctionDm(facts2) });
    if (facts.email) queue('email', event.guildId, { kind: 'sanction', recipient: { channel: 'email', userId: d.target.id, email: facts.email }, content: sanctionEmail(facts2, unsubscribe(d.target.id)) });
    return out;
  }

  const r = eventFromEnvelope(reportEvents, event);
  if (r?.type === 'ReportFiled') {
    const d = r.data;
    if (!facts.staffChannelId) return [];
    queue('channel', event.guildId, {
      kind: 'report-filed',
      recipient: { channel: 'channel', channelId: facts.staffChannelId },
      content: reportPost({ guildId: event.guildId, reporterId: d.reporter.id, targetId: d.target.id, channelId: d.channelId, messageId: d.messageId, hasReason: d.reason !== null, queueUrl: `${links.publicUrl}/g/${event.guildId}/reports` }),
    });
    return out;
  }

  const a = eventFromEnvelope(appealEvents, event);
  if (a?.type === 'AppealDecided') {
    const d = a.data;
    const f = { guildId: d.guildId, caseNumber: d.caseNumber, decision: d.decision, reason: d.reason, lifts: d.lifts, recordUrl: recordUrl(d.guildId) };
    queue('dm', d.guildId, { kind: 'appeal-decided', recipient: { channel: 'dm', userId: d.appellantId }, content: decisionDm(f) });
    if (facts.email) queue('email', d.guildId, { kind: 'appeal-decided', recipient: { channel: 'email', userId: d.appellantId, email: facts.email }, content: decisionEmail(f, unsubscribe(d.appellantId)) });
    return out;
  }
  if (a?.type === 'AppealSubmitted') {
    const d = a.data;
    if (!facts.staffChannelId) return [];
    const reviewUrl = `${links.publicUrl}/g/${d.guildId}/appeals?appeal=${d.appealId}`;
    queue('channel', d.guildId, {
      kind: 'appeal-submitted',
      recipient: { channel: 'channel', channelId: facts.staffChannelId },
      content: appealStaffPost({ guildId: d.guildId, caseNumber: d.caseNumber, appellantId: d.appellantId, statement: d.statement, reviewUrl }),
    });
    return out;
  }
  if (a?.type === 'AppealReminderDue') {
    const d = a.data;
    if (!facts.staffChannelId) return [];
    queue('channel', d.guildId, {
      kind: 'appeal-reminder',
      recipient: { channel: 'channel', channelId: facts.staffChannelId },
      content: appealReminderPost({ caseNumber: d.caseNumber, appealId: d.appealId, submittedAt: d.submittedAt, reviewDueAt: d.reviewDueAt, reviewUrl: `${links.publicUrl}/g/${d.guildId}/appeals?appeal=${d.appealId}` }),
    });
    return out;
  }

  const p = eventFromEnvelope(emailPreferenceEvents, event);
  if (p?.type === 'EmailConfirmationRequested') {
    const d = p.data;
    const token = signLink(links.secret, { p: 'confirm', u: d.userId, c: d.confirmationId, x: Math.floor(links.now.getTime() / 1000) + CONFIRM_DAYS * 86_400 });
    // Sent whatever the opt-in: it is how the member opts in.
    queue('email', MEMBER_SCOPE_GUILD, {
      kind: 'email-confirmation',
      recipient: { channel: 'email', userId: d.userId, email: d.email },
      content: confirmationEmail(`${links.publicUrl}/notifications/confirm?token=${token}`),
    });
  }
  return out;
};
