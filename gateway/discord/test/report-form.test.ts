import { REASON_MAX, reportCommands } from '@guildhall/moderation';
import { ComponentType, TextInputStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { excerptOf, reportCommand, type ReportFiling } from '../src/reports/report-command.js';
import { REASON_INPUT, ReportFormIdSchema, isReportFormId, reasonOf, reportForm, reportFormId } from '../src/reports/report-form.js';

const PICK = '1300000000000000001';
const MESSAGE = '1300000000000000002';
const MEMBER = '300000000000000001';

describe('the reason form a context-menu pick opens', () => {
  it('given "Report message", then a modal titled so, one optional paragraph as long as moderation takes a reason, the pick in its custom_id', () => {
    expect(reportForm({ kind: 'message', pickId: PICK, targetId: MESSAGE })).toEqual({
      custom_id: `report:m:${PICK}:${MESSAGE}`,
      title: 'Report message',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.TextInput, custom_id: REASON_INPUT, label: 'What is wrong? (optional)', style: TextInputStyle.Paragraph, required: false, max_length: REASON_MAX }],
        },
      ],
    });
    expect(reportForm({ kind: 'member', pickId: PICK, targetId: MEMBER }).title).toBe('Report member');
  });

  it("keeps within Discord's limits (custom_id 100, title and label 45) for the longest snowflakes", () => {
    const form = reportForm({ kind: 'message', pickId: '9'.repeat(20), targetId: '9'.repeat(20) });
    expect(form.custom_id.length).toBeLessThanOrEqual(100);
    expect(form.title.length).toBeLessThanOrEqual(45);
    expect(REASON_MAX).toBeLessThanOrEqual(4000);
  });

  it('when the submit comes back, its custom_id parses to the pick it was made from', () => {
    for (const pick of [{ kind: 'message', pickId: PICK, targetId: MESSAGE }, { kind: 'member', pickId: PICK, targetId: MEMBER }] as const) {
      expect(ReportFormIdSchema.parse(reportFormId(pick))).toEqual(pick);
      expect(isReportFormId(reportFormId(pick))).toBe(true);
    }
  });

  it('refuses a forged or garbled custom_id', () => {
    for (const bad of ['report:x:1:2', `report:m:${PICK}`, `report:m:${PICK}:${MESSAGE}:9`, `report:m:abc:${MESSAGE}`, `report:m:${'1'.repeat(21)}:${MESSAGE}`, `report:u:${PICK}:${MEMBER}\n`, 'approve:1']) {
      expect(ReportFormIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(isReportFormId('approve:1')).toBe(false);
  });
});

describe('the typed reason', () => {
  it('is trimmed, and empty or missing is no reason', () => {
    expect(reasonOf('  spam links  ')).toEqual({ ok: true, reason: 'spam links' });
    expect(reasonOf('   ')).toEqual({ ok: true, reason: null });
    expect(reasonOf(undefined)).toEqual({ ok: true, reason: null });
    expect(reasonOf('x'.repeat(REASON_MAX))).toEqual({ ok: true, reason: 'x'.repeat(REASON_MAX) });
  });
  it('over the limit or with a NUL byte is refused with what to tell the member', () => {
    expect(reasonOf('x'.repeat(REASON_MAX + 1))).toEqual({ ok: false, problem: `the reason is longer than ${REASON_MAX} characters` });
    expect(reasonOf('spam\u0000')).toEqual({ ok: false, problem: 'the reason must not contain a NUL character' });
  });
});

describe('FileReport from a submitted form', () => {
  const reporter = { id: '300000000000000002', username: 'bob', globalName: 'Bob', bot: false };
  const author = { id: MEMBER, username: 'spammer', globalName: null, bot: false };
  const filing = (over: Partial<ReportFiling> = {}): ReportFiling => ({
    pickId: PICK,
    guildId: '100000000000000001',
    channelId: '600000000000000001',
    reporter,
    submittedAt: new Date('2026-12-04T01:00:00.000Z'),
    reported: { kind: 'message', message: { id: MESSAGE, content: ' buy gold ', author, attachments: { size: 0 } } },
    reason: 'scam',
    ...over,
  });

  it('given a message, then the reporter as actor, the author as target, the excerpt and the reason, in a payload moderation takes', () => {
    const c = reportCommand(filing());
    expect(c).toMatchObject({ type: 'FileReport', guildId: '100000000000000001', issuedAt: '2026-12-04T01:00:00.000Z', actor: { kind: 'discord-user', id: reporter.id, name: 'Bob' } });
    expect(c.payload).toEqual({
      reporter: { id: reporter.id, name: 'Bob' },
      target: { id: MEMBER, name: 'spammer' },
      targetIsBot: false,
      channelId: '600000000000000001',
      messageId: MESSAGE,
      excerpt: 'buy gold',
      reason: 'scam',
    });
    expect(reportCommands.FileReport.safeParse(c.payload).success).toBe(true);
  });

  it('given a member and no reason, then no message, no excerpt, reason null', () => {
    expect(reportCommand(filing({ reported: { kind: 'member', user: author }, reason: null })).payload).toMatchObject({ target: { id: MEMBER }, messageId: null, excerpt: null, reason: null });
  });

  it('is one command per pick and reporter: a duplicated submit is the same id, a copied form id by someone else is not', () => {
    expect(reportCommand(filing()).id).toBe(reportCommand(filing({ reason: 'other words', submittedAt: new Date() })).id);
    expect(reportCommand(filing({ reporter: { ...reporter, id: '300000000000000003' } })).id).not.toBe(reportCommand(filing()).id);
    expect(reportCommand(filing({ pickId: '1300000000000000009' })).id).not.toBe(reportCommand(filing()).id);
  });

  it('quotes at most the excerpt limit, and names attachments of a message without text', () => {
    expect(excerptOf('', 2)).toBe('[2 attachments]');
    expect(excerptOf('  ', 0)).toBeNull();
    expect(excerptOf('a'.repeat(600), 0)).toHaveLength(500);
  });
});
