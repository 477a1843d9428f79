import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { reportDecider, reportStreamId, reportStreamIdOf, toCommand, type ReportEvent, type ReportCommand } from '../src/index.js';
import { ANN, BOB, GUILD, NOW, USER, at, envelopeOf, target, type Over } from './fixtures.js';
import { ProcessHarness } from './process-harness.js';

const spec = DeciderSpecification.for(reportDecider);
const reporter = { id: '200000000000000002', name: 'Bob' };
const report = (payload: Partial<Extract<ReportCommand, { type: 'FileReport' }>['data']> = {}, over: Over = {}) =>
  toCommand(envelopeOf('FileReport', { reporter, target, targetIsBot: false, channelId: '600000000000000001', messageId: '700000000000000001', excerpt: 'buy cheap gold', reason: 'spam', ...payload }, { actor: BOB, ...over })) as ReportCommand;
const resolve = (resolution: Extract<ReportCommand, { type: 'ResolveReport' }>['data']['resolution'], over: Over = {}) =>
  toCommand(envelopeOf('ResolveReport', { reportId: 'm700000000000000001-200000000000000002', resolution }, { now: at(90), ...over })) as ReportCommand;

const filed: ReportEvent = {
  type: 'ReportFiled',
  data: { reportId: 'm700000000000000001-200000000000000002', reporter, target, channelId: '600000000000000001', messageId: '700000000000000001', excerpt: 'buy cheap gold', reason: 'spam', filedAt: NOW },
};
const acted: ReportEvent = {
  type: 'ReportResolved',
  data: { reportId: 'm700000000000000001-200000000000000002', target, resolution: { kind: 'acted', caseNumber: 4, targetId: USER }, resolvedBy: ANN, filedAt: NOW, resolvedAt: at(90) },
};

describe('FileReport', () => {
  it("files a message report under the reporter and the message, with the quoted excerpt", () => {
    spec.given([]).when(report()).then([filed]);
    expect(reportStreamIdOf(report() as Extract<ReportCommand, { type: 'FileReport' }>)).toBe(reportStreamId(GUILD, 'm700000000000000001-200000000000000002'));
  });
  it('files a member report (no message) under the reporter and the member', () => {
    spec
      .given([])
      .when(report({ channelId: null, messageId: null, excerpt: null, reason: '  ' }))
      .then([{ type: 'ReportFiled', data: { reportId: `u${USER}-200000000000000002`, reporter, target, channelId: null, messageId: null, excerpt: null, reason: null, filedAt: NOW } }]);
  });
  it("refuses a reason over the limit or with a NUL byte before deciding (the reporter's words reach PostgreSQL)", () => {
    expect(() => report({ reason: 'x'.repeat(513) })).toThrow(/reason/);
    expect(() => report({ reason: 'spam\u0000' })).toThrow(/NUL/);
    expect(report({ reason: ` ${'x'.repeat(512)} ` }).data).toMatchObject({ reason: 'x'.repeat(512) });
  });
  it('refuses reporting yourself and reporting a bot', () => {
    spec.given([]).when(report({ target: reporter })).thenRejects('REPORT_SELF');
    spec.given([]).when(report({ targetIsBot: true })).thenRejects('REPORT_BOT');
  });
  it('refuses a second open report by the same reporter on the same message; after its resolution it may be filed again', () => {
    spec.given([filed]).when(report({ reason: 'again' }, { now: at(5) })).thenRejects('REPORT_ALREADY_OPEN');
    spec.given([filed, acted]).when(report({}, { now: at(200) })).then([{ type: 'ReportFiled', data: { ...filed.data, filedAt: at(200) } }]);
  });
  it('refuses a malformed filing naming the field', () => {
    expect(() => report({ excerpt: 'x'.repeat(501) })).toThrow(/payload\.excerpt/);
    expect(() => report({ messageId: 'abc' })).toThrow(/payload\.messageId/);
  });
});

describe('ResolveReport', () => {
  it("resolves an open report as acted with the case, by the moderator, keeping when it was filed", () => {
    spec.given([filed]).when(resolve({ kind: 'acted', caseNumber: 4, targetId: USER })).then([acted]);
  });
  it('dismisses with a reason; a dismissal needs one', () => {
    spec
      .given([filed])
      .when(resolve({ kind: 'dismissed', reason: 'not spam' }))
      .then([{ type: 'ReportResolved', data: { ...acted.data, resolution: { kind: 'dismissed', reason: 'not spam' } } }]);
    expect(() => resolve({ kind: 'dismissed', reason: ' ' })).toThrow(/a dismissal needs a reason/);
  });
  it('refuses an unknown report, a case about another member, and a second, different resolution; the same one again records nothing', () => {
    spec.given([]).when(resolve({ kind: 'dismissed', reason: 'x' })).thenRejects('REPORT_NOT_FOUND');
    spec.given([filed]).when(resolve({ kind: 'acted', caseNumber: 4, targetId: '300000000000000009' })).thenRejects('REPORT_TARGET_MISMATCH');
    spec.given([filed, acted]).when(resolve({ kind: 'dismissed', reason: 'x' })).thenRejects('REPORT_ALREADY_RESOLVED');
    spec.given([filed, acted]).when(resolve({ kind: 'acted', caseNumber: 4, targetId: USER })).then([]);
  });
  it('refuses a malformed report id naming the field', () => {
    expect(() => toCommand(envelopeOf('ResolveReport', { reportId: 'x.y', resolution: { kind: 'dismissed', reason: 'x' } }))).toThrow(/payload\.reportId/);
  });
});

describe('acting on a report (the process manager, pure)', () => {
  it('a ban sent with the report id opens a case that resolves the report as acted with that case', () => {
    const h = new ProcessHarness(NOW);
    h.run(envelopeOf('FileReport', { reporter, target, targetIsBot: false, messageId: '700000000000000001', excerpt: 'buy cheap gold' }, { commandId: 'report-1', actor: BOB }));
    h.run(envelopeOf('BanMember', { target, reason: 'spam', reportId: 'm700000000000000001-200000000000000002' }, { commandId: 'ban-1', now: at(60) }));
    const events = h.events(reportStreamId(GUILD, 'm700000000000000001-200000000000000002'));
    expect(events.map((e) => e.type)).toEqual(['ReportFiled', 'ReportResolved']);
    expect(events[1]!.payload).toMatchObject({ resolution: { kind: 'acted', caseNumber: 1, targetId: USER }, resolvedBy: ANN });
    expect(h.rejections).toEqual([]);
  });
  it('a ban without a report id resolves nothing', () => {
    const h = new ProcessHarness(NOW);
    h.run(envelopeOf('FileReport', { reporter, target, targetIsBot: false }, { commandId: 'report-1', actor: BOB }));
    h.run(envelopeOf('BanMember', { target }, { commandId: 'ban-1' }));
    expect(h.events(reportStreamId(GUILD, `u${USER}-200000000000000002`)).map((e) => e.type)).toEqual(['ReportFiled']);
  });
});
