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

describe("a member's report (ReportFiled)", () => {
  const filed = (id: string, messageId: string | null): EventEnvelope => ({
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
      reason: null,
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

  it('given no staff channel, then nothing is queued', () => {
    expect(notificationsFor(filed('e-2', '700000000000000001'), facts(undefined), links)).toEqual([]);
  });
});
