import { scheduleStreamId } from '@guildhall/automation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

describe('schedules API (real NATS, PostgreSQL, automation + messaging handlers, the scheduler, the bot and the sandbox)', () => {
  let stack: TestStack;
  let b: Browser;
  let channelId: string;
  const base = () => `/api/guilds/${stack.guildId}/schedules`;
  const actions = () => `/api/guilds/${stack.guildId}/scheduled-actions`;
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  /** Every automation event of the stack's store (nothing may be appended by a refused request). */
  const automationEvents = async () => (await stack.store.readAll()).filter((e) => e.streamId.startsWith('automation.')).length;

  beforeAll(async () => {
    stack = await startTestStack('sched');
    const general = stack.sandbox.world.channelByName(stack.guildId, 'general');
    channelId = general.id;
    // What the bot records on GUILD_CREATE: the channel (the API offers and checks the guild's channels).
    await stack.fact('RecordChannelCreated', { channel: { id: general.id, name: general.name, type: 0, parentId: null, position: 0 } });
    b = new Browser(stack.gateway.url);
    await logIn(b, stack.sandbox, stack.sandbox.world.people(stack.guildId).moderators[0]!);
  }, 120_000);
  afterAll(async () => stack?.dispose());

  it('a message scheduled 5 s ahead appears in the sandbox channel on time, and its run shows who made it and the outcome', async () => {
    const content = `Scheduled hello ${Date.now()}`;
    const at = inSeconds(5);
    const created = await b.api(base(), { body: { channelId, content, at } });
    expect(created.status).toBe(201);
    const answer = await json(created);
    expect(answer).toMatchObject({ status: 'accepted', scheduleStatus: 'active', nextRunAt: at });
    const scheduleId = answer.scheduleId as string;
    const listed = await eventually(async () => {
      const { schedules } = (await json(await b.api(base()))) as { schedules: Json[] };
      return schedules.find((s) => s.scheduleId === scheduleId);
    }, 10_000, 'the schedule in the list');
    expect(listed).toMatchObject({ status: 'active', nextRunAt: at, trigger: { kind: 'once', at }, action: { kind: 'message', channelId, content }, createdBy: { name: expect.any(String) } });
    expect(stack.sandbox.world.messages(channelId).some((m) => m.content === content)).toBe(false);

    const posted = await eventually(async () => stack.sandbox.world.messages(channelId).find((m) => m.content === content), 20_000, 'the message in the sandbox');
    const lateMs = Date.parse(posted.timestamp) - Date.parse(at);
    console.log(`scheduled message appeared ${lateMs} ms after its time`);
    expect(lateMs).toBeGreaterThanOrEqual(0); // never early

    const { schedule, runs } = (await eventually(async () => {
      const r = (await json(await b.api(`${base()}/${scheduleId}/runs`))) as { schedule: Json; runs: Json[] };
      return r.runs[0]?.outcome === 'succeeded' ? r : undefined;
    }, 20_000, 'the run outcome')) as { schedule: Json; runs: Json[] };
    expect(schedule).toMatchObject({ status: 'completed', runs: 1, nextRunAt: null });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runNumber: 1, dueAt: at, outcome: 'succeeded', late: false, messageId: posted.id });
  });

  it('refuses bad input with 400 naming the field and a stable code, and schedules nothing', async () => {
    const before = await automationEvents();
    const listBefore = ((await json(await b.api(base()))) as { schedules: unknown[] }).schedules.length;
    const cases: [unknown, string, string][] = [
      [{ channelId, content: 'x', cron: '0 0 30 2 *' }, 'CRON_NEVER_FIRES', 'cron'],
      [{ channelId, content: 'x', cron: 'every monday' }, 'CRON_INVALID', 'cron'],
      [{ channelId, content: 'x', cron: '0 9 * * *', timeZone: 'Mars/Olympus' }, 'TIME_ZONE_UNKNOWN', 'timeZone'],
      [{ channelId, content: 'x', at: new Date(Date.now() - 60_000).toISOString() }, 'AT_IN_PAST', 'at'],
      [{ channelId, content: 'x', at: inSeconds(60), cron: '0 9 * * *' }, 'INVALID_COMMAND', 'cron'],
      [{ channelId, content: 'x' }, 'INVALID_COMMAND', 'at'],
      [{ channelId: '123456789012345678', content: 'x', at: inSeconds(60) }, 'CHANNEL_NOT_FOUND', 'channelId'],
      [{ channelId, content: 'x'.repeat(2001), at: inSeconds(60) }, 'INVALID_COMMAND', 'content'],
      [{ channelId, content: '   ', at: inSeconds(60) }, 'INVALID_COMMAND', 'content'],
      [{ channelId, content: 'x', at: 'tomorrow' }, 'INVALID_COMMAND', 'at'],
    ];
    for (const [body, code, field] of cases) {
      const r = await b.api(base(), { body });
      const e = (await json(r)) as { error: { code: string; field?: string; reason: string } };
      expect([r.status, e.error.code, e.error.field], JSON.stringify(body).slice(0, 80)).toEqual([400, code, field]);
      expect(e.error.reason.length).toBeGreaterThan(5);
    }
    expect(await automationEvents()).toBe(before);
    expect(((await json(await b.api(base()))) as { schedules: unknown[] }).schedules).toHaveLength(listBefore);
  });

  it('a temporary role is given in the sandbox at its time and removed at until, both runs recorded as succeeded', async () => {
    const role = [...stack.sandbox.world.mainGuild().roles.values()].find((r) => !r.managed && r.name !== '@everyone' && r.position < 3)!;
    const member = stack.sandbox.world.people(stack.guildId).members.find((m) => !stack.sandbox.world.member(stack.guildId, m)?.roles.includes(role.id))!;
    const has = () => stack.sandbox.world.member(stack.guildId, member)?.roles.includes(role.id) ?? false;
    const at = inSeconds(4);
    const until = inSeconds(10);
    const created = await b.api(actions(), { body: { action: { kind: 'temporary-role', userId: member, roleId: role.id, until, reason: 'event host' }, at, name: 'Host for the evening' } });
    expect(created.status).toBe(201);
    const answer = await json(created);
    expect(answer).toMatchObject({ status: 'accepted', scheduleStatus: 'active', nextRunAt: at });
    const scheduleId = answer.scheduleId as string;
    expect(has()).toBe(false);

    await eventually(async () => (has() ? true : undefined), 20_000, 'the role given in the sandbox');
    const givenAt = Date.now();
    expect(givenAt).toBeGreaterThanOrEqual(Date.parse(at)); // never early
    await eventually(async () => (has() ? undefined : true), 25_000, 'the role removed in the sandbox');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));

    const { schedule, runs } = (await eventually(async () => {
      const r = (await json(await b.api(`${base()}/${scheduleId}/runs`))) as { schedule: Json; runs: Json[] };
      return r.runs.length === 2 && r.runs.every((x) => x.outcome === 'succeeded') ? r : undefined;
    }, 20_000, 'both run outcomes')) as { schedule: Json; runs: Json[] };
    expect(schedule).toMatchObject({ status: 'completed', runs: 2, nextRunAt: null, action: { kind: 'temporary-role', userId: member, roleId: role.id, until } });
    expect(runs.map((r) => [r.runNumber, r.dueAt])).toEqual([[2, until], [1, at]]);
    const types = (await stack.store.readStream(scheduleStreamId(stack.guildId, scheduleId))).events.map((e) => e.type);
    expect(types.filter((t) => t === 'ScheduleRoleActionRequested')).toHaveLength(2);
  });

  it('a temporary role without at is given now', async () => {
    const role = [...stack.sandbox.world.mainGuild().roles.values()].find((r) => !r.managed && r.name !== '@everyone' && r.position < 3)!;
    const member = stack.sandbox.world.people(stack.guildId).members.filter((m) => !stack.sandbox.world.member(stack.guildId, m)?.roles.includes(role.id)).at(-1)!;
    const has = () => stack.sandbox.world.member(stack.guildId, member)?.roles.includes(role.id) ?? false;
    const until = inSeconds(8);
    const created = await b.api(actions(), { body: { action: { kind: 'temporary-role', userId: member, roleId: role.id, until } } });
    expect(created.status).toBe(201);
    await eventually(async () => (has() ? true : undefined), 6_000, 'the role given now');
    await eventually(async () => (has() ? undefined : true), 25_000, 'the role removed at until');
  });

  it('createScheduledAction refuses bad input with 400 naming the field, and appends nothing', async () => {
    const role = [...stack.sandbox.world.mainGuild().roles.values()].find((r) => !r.managed && r.name !== '@everyone' && r.position < 3)!;
    const member = stack.sandbox.world.people(stack.guildId).members[0]!;
    const before = await automationEvents();
    const temp = (extra: Json) => ({ kind: 'temporary-role', userId: member, roleId: role.id, until: inSeconds(60), ...extra });
    const cases: [unknown, string, string][] = [
      [{ action: temp({ until: inSeconds(-5) }) }, 'UNTIL_NOT_AFTER_START', 'action.until'],
      [{ action: temp({ until: inSeconds(30) }), at: inSeconds(40) }, 'UNTIL_NOT_AFTER_START', 'action.until'],
      [{ action: temp({}), cron: '0 9 * * *' }, 'TEMPORARY_ROLE_NOT_ONCE', 'cron'],
      [{ action: temp({ roleId: '123456789012345678' }) }, 'ROLE_NOT_FOUND', 'action.roleId'],
      [{ action: temp({ roleId: stack.guildId }) }, 'ROLE_NOT_ASSIGNABLE', 'action.roleId'],
      [{ action: temp({ until: 'tomorrow' }) }, 'INVALID_COMMAND', 'action.until'],
      [{ action: temp({ userId: 'bob' }) }, 'INVALID_COMMAND', 'action.userId'],
      [{ action: { kind: 'demote', userId: member }, at: inSeconds(60) }, 'INVALID_COMMAND', 'action.kind'],
      [{ action: { kind: 'unban', userId: member } }, 'INVALID_COMMAND', 'at'],
      [{ action: { kind: 'untimeout', userId: member }, at: new Date(Date.now() - 60_000).toISOString() }, 'AT_IN_PAST', 'at'],
      [{ action: { kind: 'reminder', channelId, userId: member, content: '' }, at: inSeconds(60) }, 'INVALID_COMMAND', 'action.content'],
      [{ action: { kind: 'reminder', channelId: '123456789012345678', userId: member, content: 'stand-up' }, at: inSeconds(60) }, 'CHANNEL_NOT_FOUND', 'action.channelId'],
      [{ action: { kind: 'reminder', channelId, userId: member, content: 'stand-up' }, cron: '0 9 * * *', timeZone: 'Mars/Olympus' }, 'TIME_ZONE_UNKNOWN', 'timeZone'],
    ];
    for (const [body, code, field] of cases) {
      const r = await b.api(actions(), { body });
      const e = (await json(r)) as { error: { code: string; field?: string; reason: string } };
      expect([r.status, e.error.code, e.error.field], JSON.stringify(body).slice(0, 120)).toEqual([400, code, field]);
      expect(e.error.reason.length).toBeGreaterThan(5);
    }
    expect(await automationEvents()).toBe(before);
  });

  it('schedules a reminder, an unban and an untimeout through createScheduledAction', async () => {
    const member = stack.sandbox.world.people(stack.guildId).members[0]!;
    for (const action of [
      { kind: 'reminder', channelId, userId: member, content: 'stand-up in 5' },
      { kind: 'unban', userId: member, reason: 'served' },
      { kind: 'untimeout', userId: member },
    ]) {
      const r = await b.api(actions(), { body: { action, cron: '0 9 * * 1', timeZone: 'Europe/Berlin' } });
      expect(r.status, action.kind).toBe(201);
      const id = ((await json(r)) as { scheduleId: string }).scheduleId;
      const listed = await eventually(async () => {
        const { schedules } = (await json(await b.api(base()))) as { schedules: Json[] };
        return schedules.find((s) => s.scheduleId === id);
      }, 10_000, `the ${action.kind} schedule`);
      expect(listed).toMatchObject({ status: 'active', action: { ...action, ...(action.kind === 'untimeout' ? { reason: null } : {}) }, trigger: { kind: 'cron', cron: '0 9 * * 1' } });
      expect((await b.api(`${base()}/${id}`, { method: 'DELETE' })).status).toBe(200);
    }
  });

  it('edits, pauses, resumes and cancels a recurring schedule in its time zone; unknown ones are 404', async () => {
    const created = await json(await b.api(base(), { body: { channelId, content: 'Weekly meeting', cron: '0 9 * * 1', timeZone: 'Europe/Berlin', name: 'Weekly' } }));
    const id = created.scheduleId as string;
    // Monday 09:00 in Berlin is 07:00 or 08:00 UTC, depending on the season.
    expect(new Date(created.nextRunAt as string).getUTCDay()).toBe(1);
    expect([7, 8]).toContain(new Date(created.nextRunAt as string).getUTCHours());
    const edited = await b.api(`${base()}/${id}`, { method: 'PATCH', body: { cron: '30 18 * * 5', content: 'Friday drinks' } });
    expect(edited.status).toBe(200);
    const e = await json(edited);
    expect(new Date(e.nextRunAt as string).getUTCDay()).toBe(5);
    expect((await b.api(`${base()}/${id}`, { method: 'PATCH', body: { cron: '0 0 31 4 *' } })).status).toBe(400);
    expect(await json(await b.api(`${base()}/${id}/pause`, { method: 'POST' }))).toMatchObject({ status: 'accepted', scheduleStatus: 'paused' });
    const again = await b.api(`${base()}/${id}/pause`, { method: 'POST' });
    expect([again.status, ((await json(again)) as { error: { code: string } }).error.code]).toEqual([409, 'SCHEDULE_ALREADY_PAUSED']);
    expect(await json(await b.api(`${base()}/${id}/resume`, { method: 'POST' }))).toMatchObject({ status: 'accepted', scheduleStatus: 'active' });
    expect(await json(await b.api(`${base()}/${id}`, { method: 'DELETE' }))).toMatchObject({ status: 'accepted', scheduleStatus: 'cancelled' });
    const listed = await eventually(async () => {
      const { schedules } = (await json(await b.api(`${base()}?status=cancelled`))) as { schedules: Json[] };
      return schedules.find((s) => s.scheduleId === id);
    }, 10_000, 'the cancelled schedule');
    expect(listed).toMatchObject({ name: 'Weekly', action: { content: 'Friday drinks' }, trigger: { cron: '30 18 * * 5', timeZone: 'Europe/Berlin' } });
    const missing = await b.api(`${base()}/doesnotexist`, { method: 'DELETE' });
    expect([missing.status, ((await json(missing)) as { error: { code: string; field: string } }).error]).toMatchObject([404, { code: 'SCHEDULE_NOT_FOUND', field: 'scheduleId' }]);
    expect((await b.api(`${base()}/doesnotexist/runs`)).status).toBe(404);
  });
});
