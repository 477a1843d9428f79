import type { Bot } from '@guildhall/gateway-discord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startGatewayBot, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
type Report = { reportId: string; status: string; filing: { target: { id: string }; reporter: { id: string }; excerpt: string | null; reason: string | null; filedAt: string }; resolution: { resolution: Json; resolvedBy: { id: string } } | null };
const json = async <T = Json>(res: Response): Promise<T> => (await res.json()) as T;

/**
 * Member reports end to end, every part real: a member picks "Report message" in the sandbox →
 * the bot (its gateway part, with the context menus registered) shows its reason form → the
 * member types a reason and submits → the bot files FileReport → the reports
 * read model → listReports over HTTP → a moderator bans from it (BanMember with the reportId) →
 * the bot's executor bans in the sandbox → the case resolves the report → the per-moderator
 * analytics show the time from the report to the ban.
 */
describe('member reports over the real stack (sandbox context menu, bot, moderation, projections, HTTP)', () => {
  let stack: TestStack;
  let bot: Bot;
  let mod: Browser;
  let viewer: Browser;
  let people: ReturnType<TestStack['sandbox']['world']['people']>;
  const g = () => `/api/guilds/${stack.guildId}`;

  beforeAll(async () => {
    stack = await startTestStack('reports');
    // The stack's bot runs the executor only; this one is the gateway side: interactions and the commands it registers.
    bot = await startGatewayBot(stack, 'r', { extra: { SLASH_COMMANDS: 'true', MUSIC: 'false' } });
    people = stack.sandbox.world.people(stack.guildId);
    mod = new Browser(stack.gateway.url);
    await logIn(mod, stack.sandbox, people.moderators[0]!);
    viewer = new Browser(stack.gateway.url);
    await logIn(viewer, stack.sandbox, people.members[5]!);
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await stack?.dispose();
  });

  /** Picks a context menu as a member, types the reason into the form the bot shows, submits it: the bot's reply. */
  const pick = async (command: string, targetId: string, userId: string, channelId: string, reason = ''): Promise<string> => {
    const view = stack.sandbox.world.invokeContextMenu({ guildId: stack.guildId, channelId, userId, command, targetId });
    const form = await eventually(
      async () => stack.sandbox.world.interaction(view.id).responses.find((r) => r.type === 9)?.data as { custom_id: string; title: string } | undefined,
      30_000,
      `the form of ${command}`,
    );
    expect(form.title).toBe(command);
    const submit = stack.sandbox.world.submitModal({ guildId: stack.guildId, channelId, userId, customId: form.custom_id, fields: [{ customId: 'reason', value: reason }] });
    return eventually(async () => stack.sandbox.world.interaction(submit.id).original?.content || undefined, 30_000, `the reply to ${command}`);
  };

  it('Report message → listReports → ban from it → the report is resolved with the case, and the median time to act is there', { timeout: 120_000 }, async () => {
    const [author, reporter] = [people.members[0]!, people.members[1]!];
    const general = stack.sandbox.world.channelByName(stack.guildId, 'general').id;
    const message = stack.sandbox.world.sendMessage({ channelId: general, userId: author, content: 'free nitro at example.com' });
    expect(await pick('Report message', message.id, reporter, general, 'a scam link, third time today')).toMatch(/^✅ Reported to the moderators/);

    const reportId = `m${message.id}-${reporter}`;
    const open = await eventually(async () => {
      const page = await json<{ items: Report[] }>(await mod.api(`${g()}/reports`));
      return page.items.find((r) => r.reportId === reportId);
    }, 30_000, 'the report in listReports');
    expect(open).toMatchObject({ status: 'open', filing: { target: { id: author }, reporter: { id: reporter }, excerpt: 'free nitro at example.com', reason: 'a scam link, third time today' }, resolution: null });
    // A member (no level in the guild) does not see the queue.
    expect((await viewer.api(`${g()}/reports`)).status).toBe(403);

    const ban = await mod.api(`${g()}/commands/moderation/BanMember`, { body: { target: { id: author, name: 'spammer' }, reason: 'nitro scam', reportId } });
    expect(ban.status).toBe(200);
    const { caseNumber } = await json<{ caseNumber: number }>(ban);
    expect(caseNumber).toBeGreaterThan(0);
    expect(stack.sandbox.world.bans(stack.guildId).some((b) => b.user.id === author)).toBe(true);

    const resolved = await eventually(async () => {
      const page = await json<{ items: Report[] }>(await mod.api(`${g()}/reports?status=resolved&memberId=${author}`));
      return page.items.find((r) => r.reportId === reportId);
    }, 30_000, 'the report resolved');
    expect(resolved.resolution).toMatchObject({ resolution: { kind: 'acted', caseNumber, targetId: author }, resolvedBy: { id: people.moderators[0] } });

    const stats = await eventually(async () => {
      const body = await json<{ moderators: { moderatorId: string; responses: number; medianResponseSeconds: number | null }[] }>(await mod.api(`${g()}/analytics/moderators`));
      return body.moderators.find((m) => m.moderatorId === people.moderators[0] && m.responses === 1);
    }, 30_000, 'the median time to act');
    expect(stats.medianResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(stats.medianResponseSeconds).toBeLessThan(120);
  });

  it('a reason over the limit (a client past the form\'s max_length) is refused with a message, and nothing is appended', { timeout: 60_000 }, async () => {
    const [target, reporter] = [people.members[6]!, people.members[7]!];
    const general = stack.sandbox.world.channelByName(stack.guildId, 'general').id;
    const lastSeq = async () => (await stack.nc.request(`$JS.API.STREAM.INFO.EV_${stack.id}`, '', { timeout: 5_000 })).json<{ state: { last_seq: number } }>().state.last_seq;
    const before = await lastSeq();
    expect(await pick('Report member', target, reporter, general, `too-long-reason ${'x'.repeat(600)}`)).toBe(
      '❌ Not reported: the reason is longer than 512 characters. Nothing reached the moderators; pick Report member again.',
    );
    const after = await lastSeq();
    for (let seq = before + 1; seq <= after; seq++) {
      const m = await stack.nc.request(`$JS.API.STREAM.MSG.GET.EV_${stack.id}`, JSON.stringify({ seq }), { timeout: 5_000 });
      const data = (m.json<{ message?: { data?: string } }>().message?.data) ?? '';
      expect(Buffer.from(data, 'base64').toString('utf8')).not.toMatch(/too-long-reason|ReportFiled/);
    }
    const page = await json<{ items: Report[] }>(await mod.api(`${g()}/reports`));
    expect(page.items.find((r) => r.reportId === `u${target}-${reporter}`)).toBeUndefined();
  });

  it('Report member → dismissed with a reason; a second resolution is 409, bad input 400 naming the field, an unknown case 404', { timeout: 120_000 }, async () => {
    const [target, reporter] = [people.members[2]!, people.members[3]!];
    const general = stack.sandbox.world.channelByName(stack.guildId, 'general').id;
    expect(await pick('Report member', target, reporter, general)).toMatch(/^✅ Reported to the moderators/);
    expect(await pick('Report member', reporter, reporter, general)).toBe('❌ Not reported: you cannot report yourself.');
    const reportId = `u${target}-${reporter}`;
    const filed = await eventually(async () => (await json<{ items: Report[] }>(await mod.api(`${g()}/reports`))).items.find((r) => r.reportId === reportId), 30_000, 'the member report');
    // The form left empty: no reason.
    expect(filed.filing.reason).toBeNull();

    const bad = await mod.api(`${g()}/reports/${reportId}/resolve`, { body: { kind: 'dismissed', reason: ' ' } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'INVALID_BODY', field: 'reason' } });
    const noCase = await mod.api(`${g()}/reports/${reportId}/resolve`, { body: { kind: 'acted', caseNumber: 9999 } });
    expect(noCase.status).toBe(404);
    expect(await json(noCase)).toMatchObject({ error: { code: 'CASE_NOT_FOUND', field: 'caseNumber' } });
    const badId = await mod.api(`${g()}/reports/nope/resolve`, { body: { kind: 'dismissed', reason: 'x' } });
    expect(badId.status).toBe(400);
    expect(await json(badId)).toMatchObject({ error: { field: 'reportId' } });

    // A sanction sent from a report must be about its member, and the report still open: refused before anything is sent.
    const lastSeq = async () => (await stack.nc.request(`$JS.API.STREAM.INFO.EV_${stack.id}`, '', { timeout: 5_000 })).json<{ state: { last_seq: number } }>().state.last_seq;
    const before = await lastSeq();
    const other = await mod.api(`${g()}/commands/moderation/WarnMember`, { body: { target: { id: reporter, name: 'someone else' }, reason: 'wrong-member-link', reportId } });
    expect(other.status).toBe(409);
    expect(await json(other)).toMatchObject({ error: { code: 'REPORT_TARGET_MISMATCH', field: 'reportId' } });
    const noReport = await mod.api(`${g()}/commands/moderation/WarnMember`, { body: { target: { id: target, name: 'spammer' }, reason: 'no-such-report-link', reportId: `u${target}-${people.members[4]!}` } });
    expect(noReport.status).toBe(404);
    expect(await json(noReport)).toMatchObject({ error: { code: 'REPORT_NOT_FOUND', field: 'reportId' } });
    // Nothing of either was appended (other work of the stack may append meanwhile: look for these two).
    const after = await lastSeq();
    for (let seq = before + 1; seq <= after; seq++) {
      const m = await stack.nc.request(`$JS.API.STREAM.MSG.GET.EV_${stack.id}`, JSON.stringify({ seq }), { timeout: 5_000 });
      const data = (m.json<{ message?: { data?: string } }>().message?.data) ?? '';
      expect(Buffer.from(data, 'base64').toString('utf8')).not.toMatch(/wrong-member-link|no-such-report-link/);
    }

    const dismissed = await mod.api(`${g()}/reports/${reportId}/resolve`, { body: { kind: 'dismissed', reason: 'a joke' } });
    expect(dismissed.status).toBe(200);
    const again = await mod.api(`${g()}/reports/${reportId}/resolve`, { body: { kind: 'dismissed', reason: 'another reason' } });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: { code: 'REPORT_ALREADY_RESOLVED' } });
    const late = await mod.api(`${g()}/commands/moderation/WarnMember`, { body: { target: { id: target, name: 'spammer' }, reason: 'too late', reportId } });
    expect(late.status).toBe(409);
    expect(await json(late)).toMatchObject({ error: { code: 'REPORT_ALREADY_RESOLVED', field: 'reportId' } });
    const unknown = await mod.api(`${g()}/reports/u1-2/resolve`, { body: { kind: 'dismissed', reason: 'x' } });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { code: 'REPORT_NOT_FOUND', field: 'reportId' } });
  });
});
