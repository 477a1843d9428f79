import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

describe('gateway/http against real NATS, PostgreSQL, the sandbox and the moderation handlers', () => {
  let stack: TestStack;
  let moderatorId: string;
  let memberId: string;
  let targets: string[];
  const mod = () => new Browser(stack.gateway.url);
  let signedIn: Browser;

  beforeAll(async () => {
    stack = await startTestStack('http');
    const people = stack.sandbox.world.people(stack.guildId);
    moderatorId = people.moderators[0]!;
    memberId = people.members[0]!;
    targets = people.members.slice(1, 6);
    signedIn = mod();
    await logIn(signedIn, stack.sandbox, moderatorId);
  });
  afterAll(async () => stack?.dispose());

  it('answers /healthz and /readyz (NATS and PostgreSQL reachable)', async () => {
    expect((await fetch(`${stack.gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { nats: 'ok', postgres: 'ok' } });
  });

  it('logs a moderator in through the sandbox OAuth2 flow and keeps them in a signed session', async () => {
    const cookie = signedIn.cookie('gh_session');
    expect(cookie).toBeTruthy();
    const me = await json(await signedIn.api('/api/me'));
    expect(me.user).toMatchObject({ id: moderatorId });
    const guild = (me.guilds as Json[]).find((g) => g.id === stack.guildId);
    expect(guild?.permissions).toEqual(expect.arrayContaining(['BAN_MEMBERS', 'KICK_MEMBERS', 'MODERATE_MEMBERS']));
    expect(guild?.permissions).not.toContain('MANAGE_GUILD');
    // The state cookie is single-use: replaying the callback does not log anyone in.
    const replay = await new Browser(stack.gateway.url).fetch('/auth/callback?code=x&state=y');
    expect(replay.headers.get('location')).toMatch(/^\/login\?error=/);
  });

  it('refuses unauthenticated calls with 401, and a tampered session cookie too', async () => {
    const anon = new Browser(stack.gateway.url);
    for (const path of ['/api/me', `/api/guilds/${stack.guildId}/cases`, `/api/guilds/${stack.guildId}/live`]) {
      const res = await anon.api(path);
      expect(res.status).toBe(401);
      expect(await json(res)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
    // The cookie is only a random session id: a changed one opens nothing.
    const forged = new Browser(stack.gateway.url);
    const real = signedIn.cookie('gh_session')!;
    forged.setCookie('gh_session', `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`);
    expect((await forged.api('/api/me')).status).toBe(401);
    // The public config says where login goes.
    expect(await json(await anon.api('/api/auth/config'))).toEqual({ target: 'custom', loginUrl: '/auth/login' });
  });

  it('gives a member without moderation permissions a session but 403 on the guild', async () => {
    const member = new Browser(stack.gateway.url);
    await logIn(member, stack.sandbox, memberId);
    const me = await json(await member.api('/api/me'));
    expect(me.guilds).toEqual([]);
    const overview = await member.api(`/api/guilds/${stack.guildId}/overview`);
    expect(overview.status).toBe(403);
    expect(await json(overview)).toMatchObject({ error: { code: 'GUILD_FORBIDDEN' } });
    const ban = await member.api(`/api/guilds/${stack.guildId}/commands/moderation/BanMember`, { body: { target: { id: targets[0] } } });
    expect(ban.status).toBe(403);
  });

  it('refuses a command above the moderator level (HideCase needs admin)', async () => {
    const res = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/HideCase`, { body: { caseNumber: 1, reason: 'dup' } });
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ error: { code: 'FORBIDDEN', details: { needs: { level: 'admin' } } } });
  });

  it('refuses mutations without the CSRF header or from another origin', async () => {
    const path = `/api/guilds/${stack.guildId}/commands/moderation/WarnMember`;
    const noHeader = await signedIn.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ target: { id: targets[0] } }) });
    expect(noHeader.status).toBe(403);
    expect(await json(noHeader)).toMatchObject({ error: { code: 'CSRF_REJECTED' } });
    const foreign = await signedIn.api(path, { body: { target: { id: targets[0] } }, headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  it('answers a ban with a bad body 400 naming the field, and a non-public command 404', async () => {
    const bad = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/BanMember`, { body: { target: { id: 'not-a-snowflake' }, durationSeconds: 5 } });
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(body).toMatchObject({ error: { code: 'INVALID_COMMAND', field: 'target.id', reason: 'must be a Discord snowflake (1-20 digits)' } });
    const issues = (body.error as { details: { issues: { field: string }[] } }).details.issues.map((i) => i.field);
    expect(issues).toContain('durationSeconds');
    const notJson = await signedIn.fetch(`/api/guilds/${stack.guildId}/commands/moderation/BanMember`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-guildhall-csrf': '1' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const internal = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/OpenCase`, { body: {} });
    expect(internal.status).toBe(404);
    expect(await json(internal)).toMatchObject({ error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('accepts a good ban, names its case, lists it, shows its timeline; a second ban is 409 ALREADY_BANNED', async () => {
    const target = targets[1]!;
    const res = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/BanMember`, {
      body: { target: { id: target, name: 'spammer' }, reason: 'raid', deleteMessageSeconds: 3600 },
      headers: { 'x-correlation-id': `corr-${stack.id}` },
    });
    expect(res.status).toBe(200);
    const accepted = await json(res);
    expect(accepted).toMatchObject({ status: 'accepted', correlationId: `corr-${stack.id}`, result: { status: 'accepted', eventCount: 1 } });
    const commandId = accepted.commandId as string;
    // The same milestone a slash command replies with: done in Discord, with the case number.
    expect(accepted.outcome).toMatchObject({ status: 'applied', caseNumber: expect.any(Number) });
    const caseNumber = accepted.caseNumber as number;
    expect((accepted.outcome as Json).caseNumber).toBe(caseNumber);
    const followUp = await json(await signedIn.api(`/api/guilds/${stack.guildId}/requests/${commandId}/outcome?userId=${target}&waitMs=1000`));
    expect(followUp).toEqual({ requestId: commandId, outcome: { status: 'applied', caseNumber } });
    expect(stack.sandbox.world.mainGuild().bans.has(target)).toBe(true);

    const list = await eventually(async () => {
      const page = await json(await signedIn.api(`/api/guilds/${stack.guildId}/cases?type=ban&targetId=${target}`));
      const items = page.items as Json[];
      return items.length ? page : undefined;
    }, 20_000, 'the case in the list');
    expect((list.items as Json[])[0]).toMatchObject({
      caseNumber,
      type: 'ban',
      reason: 'raid',
      target: { id: target, name: 'spammer' },
      moderator: { kind: 'dashboard-user', id: moderatorId },
    });

    const detail = await json(await signedIn.api(`/api/guilds/${stack.guildId}/cases/${caseNumber}`));
    expect(detail).toMatchObject({ caseNumber, state: { status: 'opened', action: 'ban', deleteMessageSeconds: 3600 } });
    const timeline = await eventually(async () => {
      const t = await json(await signedIn.api(`/api/guilds/${stack.guildId}/cases/${caseNumber}/timeline`));
      return (t.entries as Json[]).some((e) => e.type === 'DiscordActionSucceeded') ? t : undefined;
    }, 20_000, 'the timeline up to Discord\'s answer');
    const entries = timeline.entries as { type: string; actor: Json; source: string; state: Json }[];
    expect(entries[0]).toMatchObject({ type: 'CaseOpened', source: 'web', state: { status: 'opened', outcome: 'recorded' } });
    expect(entries.map((e) => e.type)).toContain('DiscordActionRequested');
    expect(entries.find((e) => e.type === 'DiscordActionRequested')!.state).toMatchObject({ outcome: 'pending' });
    expect(entries.at(-1)!.state).toMatchObject({ outcome: 'done' });

    const again = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/BanMember`, { body: { target: { id: target } } });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ status: 'rejected', error: { code: 'ALREADY_BANNED' } });

    // The audit log and activity feed carry it too, and the overview counts it.
    const audit = await json(await signedIn.api(`/api/guilds/${stack.guildId}/audit-log?correlationId=corr-${stack.id}&type=CaseOpened`));
    expect((audit.items as Json[]).length).toBe(1);
    const overview = await json(await signedIn.api(`/api/guilds/${stack.guildId}/overview`));
    expect(overview).toMatchObject({ overview: { guildId: stack.guildId, casesToday: expect.any(Number) }, counts: { byType: { ban: 1 } }, bot: null });
  });

  it('dedupes a resubmitted form by its Idempotency-Key', async () => {
    const send = () =>
      signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, {
        body: { target: { id: targets[2] }, reason: 'be nice' },
        headers: { 'idempotency-key': `warn-${stack.id}`, 'x-correlation-id': `warn-${stack.id}` },
      });
    const first = await json(await send());
    const second = await json(await send());
    expect(first.status).toBe('accepted');
    expect(second.commandId).toBe(first.commandId);
    expect(second.result).toEqual(first.result);
  });

  it('validates query strings: unknown or malformed parameters are 400 naming them', async () => {
    const limit = await signedIn.api(`/api/guilds/${stack.guildId}/cases?limit=abc`);
    expect(limit.status).toBe(400);
    expect(await json(limit)).toMatchObject({ error: { code: 'INVALID_QUERY', field: 'limit' } });
    const tooBig = await signedIn.api(`/api/guilds/${stack.guildId}/cases?limit=5000`);
    expect(await json(tooBig)).toMatchObject({ error: { code: 'INVALID_QUERY', field: 'limit' } });
    const unknown = await signedIn.api(`/api/guilds/${stack.guildId}/activity?bogus=1`);
    expect(unknown.status).toBe(400);
    const type = await signedIn.api(`/api/guilds/${stack.guildId}/cases?type=ban,explode`);
    expect(await json(type)).toMatchObject({ error: { code: 'INVALID_QUERY', field: 'type[1]' } });
    const cursor = await signedIn.api(`/api/guilds/${stack.guildId}/cases?cursor=garbage`);
    expect(cursor.status).toBe(400);
    expect((await signedIn.api(`/api/guilds/${stack.guildId}/cases/999999`)).status).toBe(404);
  });

  it('pages cases with a keyset cursor', async () => {
    for (const t of targets.slice(3, 5)) {
      const r = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, { body: { target: { id: t }, reason: 'spam' } });
      expect(r.status).toBe(200);
    }
    const first = await eventually(async () => {
      const page = await json(await signedIn.api(`/api/guilds/${stack.guildId}/cases?limit=2`));
      return page.nextCursor ? page : undefined;
    }, 20_000, 'two pages of cases');
    const second = await json(await signedIn.api(`/api/guilds/${stack.guildId}/cases?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`));
    const seen = [...(first.items as Json[]), ...(second.items as Json[])].map((c) => c.caseNumber);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('streams read-model notifications and the bot status over SSE', async () => {
    const controller = new AbortController();
    const res = await signedIn.fetch(`/api/guilds/${stack.guildId}/live`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += value;
      }
    };
    await until(/event: hello/);
    const warned = await signedIn.api(`/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, { body: { target: { id: targets[0] }, reason: 'live' } });
    expect(warned.status).toBe(200);
    await until(/event: rm\ndata: \{"model":"cases","position":\d+\}/);
    const status = {
      instanceId: 'bot-1',
      state: 'ready',
      target: 'sandbox',
      botUser: { id: '1', name: 'Guildhall' },
      startedAt: new Date().toISOString(),
      at: new Date().toISOString(),
      uptimeSeconds: 3,
      guilds: 2,
      shards: [{ id: 0, status: 'Ready', pingMs: 12, lastHeartbeatAt: null }],
      facts: { published: 1, duplicates: 0, pending: 0 },
      actions: { succeeded: 0, failed: 0, inFlight: 0, retries: 0 },
    };
    stack.nc.publish(`${stack.statusPrefix}.bot-1`, JSON.stringify(status));
    await until(/event: bot-status\ndata: \{"instanceId":"bot-1"/);
    expect(stack.gateway.deps.hub.listeners(stack.guildId)).toBe(1);
    controller.abort();
    // The server notices the client left and drops its subscription.
    await eventually(async () => (stack.gateway.deps.hub.listeners(stack.guildId) === 0 ? true : undefined), 10_000, 'the live stream to close');
    const overview = await json(await signedIn.api(`/api/guilds/${stack.guildId}/overview`));
    expect(overview.bot).toMatchObject({ instanceId: 'bot-1', state: 'ready', stale: false });
  });

  it('logs out everywhere the session was copied: the same cookie elsewhere is dead too', async () => {
    const b = new Browser(stack.gateway.url);
    await logIn(b, stack.sandbox, moderatorId);
    const copy = new Browser(stack.gateway.url);
    copy.setCookie('gh_session', b.cookie('gh_session')!);
    expect((await copy.api('/api/me')).status).toBe(200);
    expect((await b.api('/auth/logout', { method: 'POST' })).status).toBe(204);
    expect(b.cookie('gh_session')).toBeUndefined();
    expect((await b.api('/api/me')).status).toBe(401);
    expect((await copy.api('/api/me')).status).toBe(401);
  });
});
