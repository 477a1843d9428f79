import type { Actor } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsProjection, getModeratorStats, getReport, listReports, reportsProjection } from '../src/index.js';
import { automationHandler } from '@guildhall/automation/handler';
import { ModerationDriver } from './support/moderation-driver.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G = '100000000000000081';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const BOB: Actor = { kind: 'discord-user', id: '200000000000000002', name: 'Bob' };
const RULE: Actor = { kind: 'automation', id: 'automod-rule:r1', name: 'Automod: Caps' };
const member = (n: number) => ({ id: `30000000000000000${n}`, name: `member${n}` });
const reporterActor = (n: number): Actor => ({ kind: 'discord-user', id: member(n).id, name: member(n).name });
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const msg = (n: number) => `70000000000000000${n}`;

let world: TestWorld;
let driver: ModerationDriver;

const report = (reporter: number, target: number, minute: number, messageId: string | null = msg(target)) =>
  driver.send('FileReport', { reporter: member(reporter), target: member(target), targetIsBot: false, channelId: '600000000000000001', messageId, excerpt: messageId ? 'BUY GOLD' : null, reason: 'spam' }, { guildId: G, actor: reporterActor(reporter), now: at(minute), source: 'discord' });

beforeAll(async () => {
  world = await createTestWorld('reports');
  driver = new ModerationDriver(world.store);
  await world.startRunners([reportsProjection, analyticsProjection]);
  // Member 5 reports member 1's message at 0'; Ann bans from the report at 10'.
  await report(5, 1, 0);
  await driver.send('BanMember', { target: member(1), reason: 'spam', reportId: `m${msg(1)}-${member(5).id}` }, { guildId: G, actor: ANN, now: at(10) });
  // Member 6 reports member 2 (no message) at 1'; Ann times member 2 out from it at 31'.
  await report(6, 2, 1, null);
  await driver.send('TimeoutMember', { target: member(2), reason: 'spam', durationSeconds: 600, reportId: `u${member(2).id}-${member(6).id}` }, { guildId: G, actor: ANN, now: at(31) });
  // Member 7 reports member 3's message at 2'; Bob dismisses it.
  await report(7, 3, 2);
  await driver.send('ResolveReport', { reportId: `m${msg(3)}-${member(7).id}`, resolution: { kind: 'dismissed', reason: 'a joke among friends' } }, { guildId: G, actor: BOB, now: at(3) });
  // Member 8 reports member 4's message at 4': still open.
  await report(8, 4, 4);
  // An alert-only automod hit flags member 9 at 5'; Bob warns member 9 at 25' (20 minutes).
  const automation = automationHandler(world.store);
  const hit = { ruleId: 'r1', ruleName: 'Caps', revision: 1, dryRun: false, reason: 'caps', at: at(5), subject: { kind: 'join', userId: member(9).id, userName: 'member9' }, actions: [{ kind: 'alert', channelId: '600000000000000002' }] };
  const r = await automation({ id: 'hit-1', type: 'RecordAutomodHit', issuedAt: at(5), guildId: G, actor: RULE, source: 'automod', correlationId: 'hit-1', causationId: null, payload: hit });
  expect(r.status).toBe('accepted');
  await driver.send('WarnMember', { target: member(9), reason: 'caps' }, { guildId: G, actor: BOB, now: at(25) });
  // A flag on member 4 at 6', acted on by Bob only 8 days later: past the window, it answers nothing.
  const stale = { ...hit, at: at(6), subject: { kind: 'join', userId: member(4).id, userName: 'member4' } };
  expect((await automation({ id: 'hit-2', type: 'RecordAutomodHit', issuedAt: at(6), guildId: G, actor: RULE, source: 'automod', correlationId: 'hit-2', causationId: null, payload: stale })).status).toBe('accepted');
  await driver.send('WarnMember', { target: member(4), reason: 'late' }, { guildId: G, actor: BOB, now: at(8 * 24 * 60) });
  // A second human action on member 9 answers nothing (the flag was answered).
  await driver.send('AddMemberNote', { target: member(9), reason: 'talked to them' }, { guildId: G, actor: BOB, now: at(26) });
  await world.caughtUp();
}, 120_000);

afterAll(async () => world?.dispose(), 30_000);

describe('reports read model (real NATS + PostgreSQL, events from the moderation deciders and process manager)', { timeout: 60_000 }, () => {
  it('lists the open queue by default, newest first, with the filing', async () => {
    const open = await listReports(world.pool, { guildId: G });
    expect(open.items.map((r) => r.reportId)).toEqual([`m${msg(4)}-${member(8).id}`]);
    expect(open.items[0]).toMatchObject({ status: 'open', filing: { reporter: member(8), target: member(4), excerpt: 'BUY GOLD', messageId: msg(4), filedAt: at(4) }, resolution: null });
  });

  it('lists resolved reports with how: acted with the case the ban opened (by its moderator), or dismissed with the reason', async () => {
    const done = await listReports(world.pool, { guildId: G, status: 'resolved' });
    expect(done.items.map((r) => [r.reportId, r.resolution?.resolution.kind, r.resolution?.resolvedBy.id])).toEqual([
      [`m${msg(3)}-${member(7).id}`, 'dismissed', BOB.id],
      [`u${member(2).id}-${member(6).id}`, 'acted', ANN.id],
      [`m${msg(1)}-${member(5).id}`, 'acted', ANN.id],
    ]);
    expect(done.items[2]!.resolution?.resolution).toEqual({ kind: 'acted', caseNumber: 1, targetId: member(1).id });
    expect((await getReport(world.pool, G, `m${msg(3)}-${member(7).id}`))?.resolution?.resolution).toEqual({ kind: 'dismissed', reason: 'a joke among friends' });
    expect(await getReport(world.pool, G, 'm1-2')).toBeNull();
  });

  it('filters by member and pages with a cursor', async () => {
    expect((await listReports(world.pool, { guildId: G, status: 'resolved', memberId: member(2).id })).items.map((r) => r.filing.target.id)).toEqual([member(2).id]);
    const first = await listReports(world.pool, { guildId: G, status: 'resolved', limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listReports(world.pool, { guildId: G, status: 'resolved', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.reportId)).toEqual([`m${msg(1)}-${member(5).id}`]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a bad filter with INVALID_QUERY naming the field', async () => {
    await expect(listReports(world.pool, { guildId: G, status: 'closed' as 'open' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('status') });
    await expect(listReports(world.pool, { guildId: G, memberId: 'bob' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining('memberId') });
  });

  it('per moderator: the median time from a report or an automod flag to the action; none where there was none', async () => {
    const stats = await getModeratorStats(world.pool, { guildId: G });
    const ann = stats.find((s) => s.moderatorId === ANN.id)!;
    const bob = stats.find((s) => s.moderatorId === BOB.id)!;
    // Ann: 10 minutes (report → ban) and 30 minutes (report → timeout): median 20 minutes.
    expect([ann.responses, ann.medianResponseSeconds]).toEqual([2, 1200]);
    // Bob: the flag at 5' answered by the warning at 25'; the note after it, the warning 8 days after a flag and the dismissal answer nothing.
    expect([bob.responses, bob.medianResponseSeconds]).toEqual([1, 1200]);
  });

  it('a moderator without any report or flag answered shows none', async () => {
    await driver.send('KickMember', { target: member(7), reason: 'x' }, { guildId: G, actor: reporterActor(8), now: at(40) });
    await world.caughtUp();
    const stats = await getModeratorStats(world.pool, { guildId: G });
    expect(stats.find((s) => s.moderatorId === member(8).id)).toMatchObject({ actions: 1, responses: 0, medianResponseSeconds: null });
  });

  it('drops and rebuilds into identical rows (reports, and analytics with its response times)', async () => {
    const reports = await rebuildAndSnapshot(world, reportsProjection, { reports: 'guild_id, report_id' });
    expect(reports.before.reports!.length).toBe(4);
    expect(reports.after).toEqual(reports.before);
    const analytics = await rebuildAndSnapshot(world, analyticsProjection, { response_times: 'guild_id, case_number', automod_flags: 'guild_id, member_id', moderators: 'guild_id, moderator_id' });
    expect(analytics.before.response_times!.length).toBe(3);
    expect(analytics.after).toEqual(analytics.before);
  });
});
