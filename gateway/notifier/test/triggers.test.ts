import type { EventEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { memberOf, notificationsFor, type LinkSettings, type TriggerFacts } from '../src/triggers.js';

const G = '100000000000000001';
const links: LinkSettings = { publicUrl: 'https://guildhall.example', secret: 'x'.repeat(32), retry: { maxAttempts: 3, backoffMs: [1000] }, now: new Date('2026-12-03T12:00:00Z') };
const reminder = (id: string): EventEnvelope => ({
  id,
  type: 'AppealReminderDue',
  schemaVersion: 1,
  occurredAt: '2026-12-03T12:00:00.000Z',
  guildId: G,
  actor: { kind: 'system', id: 'appeals', name: 'Appeals' },
  source: 'scheduler',
  correlationId: 'c-1',
  causationId: null,
  streamId: `appeals.case.${G}-8`,
  version: 3,
  position: 42,
  payload: { appealId: `${G}-8-1`, guildId: G, caseNumber: 8, submittedAt: '2026-11-30T12:00:00.000Z', reviewDueAt: '2026-12-03T11:00:00.000Z', remindedAt: '2026-12-03T12:00:00.000Z' },
});
const facts = (staffChannelId: string | undefined): TriggerFacts => ({ email: undefined, appealsOpen: true, staffChannelId });

describe('an appeal waiting past the review limit (AppealReminderDue)', () => {
  it('is a trigger about the guild, not a member', () => {
    expect(memberOf(reminder('e-1'))).toEqual({ guildId: G, userId: null });
  });

  it('given a staff channel, when the reminder is due, then one post there names the case and links the review; the same event queues the same id', () => {
    const [first, ...rest] = notificationsFor(reminder('e-1'), facts('200000000000000001'), links);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ guildId: G, payload: { kind: 'appeal-reminder', recipient: { channel: 'channel', channelId: '200000000000000001' }, trigger: { eventId: 'e-1', type: 'AppealReminderDue' } } });
    expect(first!.payload.content.text).toContain('case #8');
    expect(first!.payload.content.text).toContain(`https://guildhall.example/g/${G}/appeals?appeal=${G}-8-1`);
    expect(notificationsFor(reminder('e-1'), facts('200000000000000001'), links)[0]!.payload.notificationId).toBe(first!.payload.notificationId);
  });

  it('given no staff channel, then nothing is queued', () => {
    expect(notificationsFor(reminder('e-1'), facts(undefined), links)).toEqual([]);
  });
});

/** An audit-log entry id made at `iso` (a snowflake's top bits are ms since the Discord epoch). */
const entryAt = (iso: string): string => ((BigInt(Date.parse(iso)) - 1_420_070_400_000n) << 22n).toString();
const MEMBER = '300000000000000001';
const OPENED = '2026-12-03T12:00:00.000Z';
const caseOpened = (o: { origin: 'guildhall' | 'discord'; action?: string; auditLogEntryId: string | null; requestId?: string }): EventEnvelope => ({
  id: `opened-${o.auditLogEntryId ?? o.requestId ?? 'x'}-${o.origin}`,
  type: 'CaseOpened',
  schemaVersion: 1,
  occurredAt: OPENED,
  guildId: G,
  actor: { kind: 'system', id: 'moderation', name: 'Moderation' },
  source: 'discord',
  correlationId: 'c-2',
  causationId: null,
  streamId: `moderation.case.${G}-12`,
  version: 1,
  position: 50,
  payload: {
    requestId: o.requestId ?? (o.auditLogEntryId ? `audit-${o.auditLogEntryId}` : 'reconciled-cmd-1-ban'),
    origin: o.origin,
    action: o.action ?? 'ban',
    target: { id: MEMBER, name: 'bob' },
    moderator: { kind: 'discord-user', id: '200000000000000009', name: 'Human Mod' },
    reason: 'raiding',
    durationSeconds: null,
    expiresAt: null,
    deleteMessageSeconds: null,
    bulkId: null,
    auditLogEntryId: o.auditLogEntryId,
    liftsCaseNumber: null,
    requestedAt: OPENED,
    caseNumber: 12,
    openedAt: OPENED,
  },
});
const open: TriggerFacts = { email: undefined, appealsOpen: true, staffChannelId: undefined };
const dmsOf = (e: EventEnvelope, f: TriggerFacts = open) => notificationsFor(e, f, links).filter((q) => q.payload.recipient.channel === 'dm');

describe('a sanction done by a human in Discord itself (an observed case)', () => {
  it('given a ban seen live in the audit log (seconds old), then the member is DMed, with the appeal link when the guild takes appeals', () => {
    const e = caseOpened({ origin: 'discord', auditLogEntryId: entryAt('2026-12-03T11:59:58.000Z') });
    expect(memberOf(e)).toEqual({ guildId: G, userId: MEMBER });
    const [dm, ...rest] = dmsOf(e);
    expect(rest).toEqual([]);
    expect(dm).toMatchObject({ guildId: G, payload: { kind: 'sanction', recipient: { channel: 'dm', userId: MEMBER }, trigger: { eventId: e.id, type: 'CaseOpened' } } });
    expect(dm!.payload.content.text).toContain('You were banned');
    expect(dm!.payload.content.text).toContain('case #12');
    expect(dm!.payload.content.text).toContain(`You can appeal: https://guildhall.example/me#guild-${G}`);
  });

  it('given the guild takes no appeals, then the DM has no appeal link', () => {
    const [dm] = dmsOf(caseOpened({ origin: 'discord', action: 'timeout', auditLogEntryId: entryAt('2026-12-03T11:00:00.000Z') }), { ...open, appealsOpen: false });
    expect(dm!.payload.content.text).toContain('You were timed out');
    expect(dm!.payload.content.text).not.toContain('appeal');
  });

  it('given an opted-in address, then an email goes too', () => {
    const out = notificationsFor(caseOpened({ origin: 'discord', auditLogEntryId: entryAt('2026-12-03T11:00:00.000Z') }), { ...open, email: 'bob@example.com' }, links);
    expect(out.map((q) => q.payload.recipient.channel)).toEqual(['dm', 'email']);
  });

  it('given an action caught up after downtime at most 24 h old, then the member is DMed; older than 24 h, nothing', () => {
    expect(dmsOf(caseOpened({ origin: 'discord', auditLogEntryId: entryAt('2026-12-02T12:00:00.000Z') }))).toHaveLength(1);
    const old = caseOpened({ origin: 'discord', auditLogEntryId: entryAt('2026-12-02T11:59:59.000Z') });
    expect(memberOf(old)).toBeUndefined();
    expect(notificationsFor(old, { ...open, email: 'bob@example.com' }, links)).toEqual([]);
    // A first start's reconciliation brings bans of years ago: none is DMed.
    expect(notificationsFor(caseOpened({ origin: 'discord', auditLogEntryId: entryAt('2024-01-01T00:00:00.000Z') }), open, links)).toEqual([]);
  });

  it('given a change a snapshot found without its audit-log entry (when it happened is unknown), then nothing', () => {
    const e = caseOpened({ origin: 'discord', auditLogEntryId: null, requestId: 'reconciled-cmd-1-ban' });
    expect(memberOf(e)).toBeUndefined();
    expect(notificationsFor(e, open, links)).toEqual([]);
  });

  it('given an unban or untimeout seen in Discord, then nothing (a lift is no sanction)', () => {
    for (const action of ['unban', 'untimeout']) expect(notificationsFor(caseOpened({ origin: 'discord', action, auditLogEntryId: entryAt(OPENED) }), open, links)).toEqual([]);
  });

  it('given a sanction asked in Guildhall, then the member is DMed whatever its age (it has no audit-log entry of its own)', () => {
    expect(dmsOf(caseOpened({ origin: 'guildhall', auditLogEntryId: null, requestId: 'cmd-7' }))).toHaveLength(1);
  });

  it('the same event queues the same notification id (a redelivery sends nothing new)', () => {
    const e = caseOpened({ origin: 'discord', auditLogEntryId: entryAt(OPENED) });
    expect(dmsOf(e)[0]!.payload.notificationId).toBe(dmsOf(e)[0]!.payload.notificationId);
  });
});

describe("a member's report (ReportFiled)", () => {
  const filed = (id: string, messageId: string | null, reason: string | null = null): EventEnvelope => ({
    ...reminder(id),
    type: 'ReportFiled',
    actor: { kind: 'discord-user', id: '300000000000000002', name: 'reporter' },
    source: 'slash-command',
    streamId: `moderation.report.${G}-m700-300000000000000002`,
    payload: {
      reportId: messageId ? `m${messageId}-300000000000000002` : `u300000000000000001-300000000000000002`,
      reporter: { id: '300000000000000002', name: 'reporter' },
      target: { id: '300000000000000001', name: 'spammer' },
      channelId: '600000000000000001',
      messageId,
      excerpt: 'buy cheap gold',
      reason,
      filedAt: '2026-12-03T12:00:00.000Z',
    },
  });

  it('is a trigger about the guild, not a member', () => {
    expect(memberOf(filed('e-2', '700000000000000001'))).toEqual({ guildId: G, userId: null });
  });

  it('given a staff channel, then one post there names the reporter, the member and the message, links the queue, and never quotes the excerpt', () => {
    const [post, ...rest] = notificationsFor(filed('e-2', '700000000000000001'), facts('200000000000000001'), links);
    expect(rest).toEqual([]);
    expect(post).toMatchObject({ guildId: G, payload: { kind: 'report-filed', recipient: { channel: 'channel', channelId: '200000000000000001' } } });
    expect(post!.payload.content.text).toBe(
      `🚩 <@300000000000000002> reported a message by <@300000000000000001> in <#600000000000000001> — https://discord.com/channels/${G}/600000000000000001/700000000000000001.\nQueue: https://guildhall.example/g/${G}/reports`,
    );
    expect(post!.payload.content.text).not.toContain('gold');
    expect(notificationsFor(filed('e-3', null), facts('200000000000000001'), links)[0]!.payload.content.text).toMatch(/^🚩 <@300000000000000002> reported <@300000000000000001> in/);
  });

  it('given a reason, then the post says there is one and where to read it, and never quotes it (the reporter may have it erased)', () => {
    const [post] = notificationsFor(filed('e-4', null, 'he keeps sending scam links'), facts('200000000000000001'), links);
    expect(post!.payload.content.text).toBe(
      `🚩 <@300000000000000002> reported <@300000000000000001> in <#600000000000000001>.\nThe reporter gave a reason: read it in the queue.\nQueue: https://guildhall.example/g/${G}/reports`,
    );
    expect(post!.payload.content.text).not.toContain('scam');
  });

  it('given no staff channel, then nothing is queued', () => {
    expect(notificationsFor(filed('e-2', '700000000000000001'), facts(undefined), links)).toEqual([]);
  });
});
