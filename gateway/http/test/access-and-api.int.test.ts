import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from './generated/api.js';
import { Browser, logIn } from './support/browser.js';
import { apiTypesSource, documentOfApp } from './support/openapi-document.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

/** The done-when of issue 9, against real NATS, PostgreSQL, the sandbox and the handlers. */
describe('access levels, sessions, API tokens, the document (real stack)', () => {
  let stack: TestStack;
  let g: string;
  let people: { owner: string; admins: string[]; moderators: string[]; members: string[] };
  let owner: Browser;
  let regularRole: string;
  let regularMember: string;

  beforeAll(async () => {
    stack = await startTestStack('access');
    g = stack.guildId;
    people = stack.sandbox.world.people(g);
    regularRole = stack.sandbox.world.roleByName(g, 'Regular').id;
    regularMember = stack.sandbox.world.members(g).find((m) => m.roles.includes(regularRole) && people.members.includes(m.user.id))!.user.id;
    owner = new Browser(stack.gateway.url);
    await logIn(owner, stack.sandbox, people.owner);
  });
  afterAll(async () => stack?.dispose());

  it('serves an OpenAPI 3.1 document with every contract operation, public ones saying security: []', async () => {
    const res = await fetch(`${stack.gateway.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string; security: unknown[]; parameters?: { name: string; in: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    const ids = ops.map((o) => o.operationId);
    for (const id of ['listGuilds', 'getOverview', 'listCases', 'getCase', 'getCaseTimeline', 'searchMembers', 'getMemberProfile', 'listActivity', 'listAuditLog', 'exportAuditLog', 'exportCases', 'createApiToken', 'listApiTokens', 'revokeApiToken', 'listGrants', 'grantAccess', 'revokeAccess']) {
      expect(ids, id).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(ops.map((o) => [o.operationId, o]));
    expect(byId.get('getAuthConfig')!.security).toEqual([]);
    expect(byId.get('login')!.security).toEqual([]);
    expect(byId.get('listCases')!.security).toEqual([{ session: [] }, { bearer: [] }]);
    const pathParams = new Set(ops.flatMap((o) => (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)));
    for (const name of ['guildId', 'caseNumber', 'userId', 'tokenId', 'grantId']) expect(pathParams).toContain(name);
    // The committed client types are those of this document.
    const committed = readFileSync(fileURLToPath(new URL('./generated/api.ts', import.meta.url)), 'utf8');
    expect(committed, 'run npm run openapi -w @guildhall/gateway-http').toBe(await apiTypesSource(documentOfApp()));
  });

  it('serves the docs page offline under a strict CSP (no inline script), with the hardening headers', async () => {
    const page = await fetch(`${stack.gateway.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers.get('permissions-policy')).toContain('camera=()');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(page.headers.get('strict-transport-security')).toBeNull(); // http here; HSTS only on https
    for (const src of html.match(/(?<=src=")[^"]+/g)!) expect((await fetch(`${stack.gateway.url}${src}`)).status, src).toBe(200);
  });

  it('answers a NUL byte or invalid UTF-8 in any text input with 400 naming the field, and a huge body with 413', async () => {
    const q = await owner.api(`/api/guilds/${g}/audit-log?type=%00`);
    expect(q.status).toBe(400);
    expect(await json(q)).toMatchObject({ error: { code: 'INVALID_TEXT', field: 'type' } });
    const utf = await owner.api(`/api/guilds/${g}/cases?text=%FF%FE`);
    expect(await json(utf)).toMatchObject({ error: { code: 'INVALID_TEXT', field: 'text' } });
    const body = await owner.api(`/api/guilds/${g}/commands/moderation/WarnMember`, { body: { target: { id: people.members[0] }, reason: 'a\u0000b' } });
    expect(body.status).toBe(400);
    expect(await json(body)).toMatchObject({ error: { code: 'INVALID_TEXT', field: 'reason' } });
    const big = await owner.api(`/api/guilds/${g}/commands/moderation/WarnMember`, { body: { target: { id: people.members[0] }, reason: 'x'.repeat(70_000) } });
    expect(big.status).toBe(413);
    expect(await json(big)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('an admin grants a role "viewer": a member with it sees but cannot act; revoking ends it at once', async () => {
    const member = new Browser(stack.gateway.url);
    await logIn(member, stack.sandbox, regularMember);
    expect((await member.api(`/api/guilds/${g}/cases`)).status).toBe(403);
    const granted = await owner.api(`/api/guilds/${g}/access/grants`, { body: { subject: { kind: 'role', id: regularRole }, level: 'viewer', reason: 'read-only helpers' } });
    expect(granted.status).toBe(201);
    const { grantId } = (await json(granted)) as { grantId: string };
    await eventually(async () => ((await member.api(`/api/guilds/${g}/cases`)).status === 200 ? true : undefined), 15_000, 'the viewer grant to count');
    const me = await json(await member.api('/api/me'));
    expect(me.guilds).toEqual([expect.objectContaining({ id: g, level: 'viewer' })]);
    const warn = await member.api(`/api/guilds/${g}/commands/moderation/WarnMember`, { body: { target: { id: people.members[1] } } });
    expect(warn.status).toBe(403);
    expect(await json(warn)).toMatchObject({ error: { code: 'FORBIDDEN', details: { needs: { level: 'moderator' } } } });
    const grants = await json(await owner.api(`/api/guilds/${g}/access/grants`));
    expect(grants.grants).toEqual([expect.objectContaining({ grantId, level: 'viewer', subject: { kind: 'role', id: regularRole }, grantedBy: expect.objectContaining({ id: people.owner }) })]);
    // A viewer may not grant; an admin may not grant admin.
    expect((await member.api(`/api/guilds/${g}/access/grants`, { body: { subject: { kind: 'user', id: regularMember }, level: 'viewer' } })).status).toBe(403);
    const admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, people.admins[0]!);
    expect(await json(await admin.api(`/api/guilds/${g}/access/grants`, { body: { subject: { kind: 'user', id: regularMember }, level: 'admin' } }))).toMatchObject({ error: { code: 'FORBIDDEN', field: 'level' } });
    expect((await owner.api(`/api/guilds/${g}/access/grants/${grantId}`, { method: 'DELETE' })).status).toBe(204);
    await eventually(async () => ((await member.api(`/api/guilds/${g}/cases`)).status === 403 ? true : undefined), 15_000, 'the revocation to count');
    expect((await owner.api(`/api/guilds/${g}/access/grants/${grantId}`, { method: 'DELETE' })).status).toBe(409);
    expect((await owner.api(`/api/guilds/${g}/access/grants/nope`, { method: 'DELETE' })).status).toBe(404);
  });

  it("a moderator demoted in Discord (a role change the bot saw) loses access; an admin can end a moderator's sessions", async () => {
    const modId = people.moderators[1]!;
    const mod = new Browser(stack.gateway.url);
    await logIn(mod, stack.sandbox, modId);
    expect((await mod.api(`/api/guilds/${g}/cases`)).status).toBe(200);
    const user = stack.sandbox.world.state.user(modId);
    await stack.fact('RecordMemberUpdated', { user: { id: modId, username: user.username, globalName: user.global_name ?? null, bot: false }, roles: [], nickname: null });
    await eventually(async () => ((await mod.api(`/api/guilds/${g}/cases`)).status === 403 ? true : undefined), 15_000, 'the demotion to count');

    const other = new Browser(stack.gateway.url);
    await logIn(other, stack.sandbox, people.moderators[2]!);
    expect((await other.api('/api/me')).status).toBe(200);
    const admin = new Browser(stack.gateway.url);
    await logIn(admin, stack.sandbox, people.admins[0]!);
    const ended = await admin.api(`/api/guilds/${g}/members/${people.moderators[2]}/sessions/end`, { method: 'POST' });
    expect(await json(ended)).toEqual({ ended: 1 });
    expect((await other.api('/api/me')).status).toBe(401);
    // A moderator may not end others' sessions.
    const third = new Browser(stack.gateway.url);
    await logIn(third, stack.sandbox, people.moderators[3]!);
    expect((await third.api(`/api/guilds/${g}/members/${people.admins[0]}/sessions/end`, { method: 'POST' })).status).toBe(403);
  });

  it('"log out everywhere" ends every session of the user; one session can be ended by id', async () => {
    const a = new Browser(stack.gateway.url);
    const b = new Browser(stack.gateway.url);
    const c = new Browser(stack.gateway.url);
    for (const x of [a, b, c]) await logIn(x, stack.sandbox, people.admins[1]!);
    const sessions = (await json(await a.api('/api/sessions'))).sessions as { sessionId: string; current: boolean }[];
    expect(sessions.length).toBe(3);
    expect(sessions.filter((s) => s.current).length).toBe(1);
    const notMine = sessions.find((s) => !s.current)!;
    expect((await a.api(`/api/sessions/${notMine.sessionId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(await a.api('/api/sessions'))).sessions).toHaveLength(2);
    expect(await json(await a.api('/api/sessions/logout-everywhere', { method: 'POST' }))).toEqual({ ended: 2 });
    for (const x of [a, b, c]) expect((await x.api('/api/me')).status).toBe(401);
  });

  it('refuses a login whose PKCE verifier does not match (the sandbox checks S256)', async () => {
    const b = new Browser(stack.gateway.url);
    const start = await b.fetch('/auth/login');
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Another login's state cookie (its own verifier) with this code: the exchange fails.
    const picked = await fetch(`${stack.sandbox.url}/oauth2/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: people.admins[0]!, decision: 'allow' }),
    });
    const callback = new URL(picked.headers.get('location')!);
    const thief = new Browser(stack.gateway.url);
    await thief.fetch('/auth/login');
    thief.setCookie('gh_oauth_state', `${callback.searchParams.get('state')}.${'x'.repeat(43)}`);
    const done = await thief.fetch(`${callback.pathname}${callback.search}`);
    expect(done.headers.get('location')).toMatch(/^\/login\?error=.*code_verifier/);
    expect(thief.cookie('gh_session')).toBeUndefined();
  });

  it('a third-party script with a token lists cases through the generated client and is refused outside its scope', async () => {
    const created = await owner.api(`/api/guilds/${g}/api-tokens`, { body: { name: 'ci script', scopes: ['cases:read'], expiresInDays: 7 } });
    expect(created.status).toBe(201);
    const { id, token } = (await json(created)) as { id: string; token: string };
    expect(token).toMatch(/^gh_/);
    const client = createClient<paths>({ baseUrl: stack.gateway.url, headers: { authorization: `Bearer ${token}` } });
    const cases = await eventually(async () => {
      const r = await client.GET('/api/guilds/{guildId}/cases', { params: { path: { guildId: g }, query: { limit: 5 } } });
      return r.response.status === 200 ? r : undefined;
    }, 15_000, 'the token to work');
    expect(Array.isArray(cases.data!.items)).toBe(true);
    const audit = await client.GET('/api/guilds/{guildId}/audit-log', { params: { path: { guildId: g } } });
    expect(audit.response.status).toBe(403);
    expect(audit.error).toMatchObject({ error: { code: 'FORBIDDEN', details: { needs: { scope: 'audit:read' } } } });
    const warn = await client.POST('/api/guilds/{guildId}/commands/moderation/WarnMember', { params: { path: { guildId: g } }, body: { target: { id: people.members[2]! } } });
    expect(warn.response.status).toBe(403);
    // Not another guild, not the token routes.
    const otherGuild = stack.sandbox.world.guilds().find((x) => x.base.id !== g)!.base.id;
    expect((await client.GET('/api/guilds/{guildId}/cases', { params: { path: { guildId: otherGuild } } })).response.status).toBe(403);
    expect((await client.GET('/api/guilds/{guildId}/api-tokens', { params: { path: { guildId: g } } })).response.status).toBe(403);
    // Listed with its last use, never its secret.
    const list = await owner.api(`/api/guilds/${g}/api-tokens`);
    const text = await list.text();
    expect(text).not.toContain(token.slice(16));
    expect((JSON.parse(text) as { tokens: Json[] }).tokens).toEqual([expect.objectContaining({ id, name: 'ci script', scopes: ['cases:read'], lastUsedAt: expect.any(String), revokedAt: null })]);
    expect((await owner.api(`/api/guilds/${g}/api-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    await eventually(async () => ((await client.GET('/api/guilds/{guildId}/cases', { params: { path: { guildId: g } } })).response.status === 401 ? true : undefined), 15_000, 'the revocation');
  });

  it("attributes a token's commands: source api, the token and the admin who made it", async () => {
    const created = await json(await owner.api(`/api/guilds/${g}/api-tokens`, { body: { name: 'warn bot', scopes: ['cases:write', 'audit:read'] } }));
    const client = createClient<paths>({ baseUrl: stack.gateway.url, headers: { authorization: `Bearer ${created.token as string}`, 'x-correlation-id': `tok-${stack.id}` } });
    const warned = await eventually(async () => {
      const r = await client.POST('/api/guilds/{guildId}/commands/moderation/WarnMember', { params: { path: { guildId: g } }, body: { target: { id: people.members[3]! }, reason: 'via api' } });
      return r.response.status === 200 ? r : undefined;
    }, 15_000, 'the token to work');
    expect(warned.data).toMatchObject({ status: 'accepted' });
    const audit = await eventually(async () => {
      const r = await client.GET('/api/guilds/{guildId}/audit-log', { params: { path: { guildId: g }, query: { correlationId: `tok-${stack.id}`, type: 'CaseOpened' } } });
      return r.data && r.data.items.length > 0 ? r.data : undefined;
    }, 15_000, 'the case in the audit log');
    expect(audit.items[0]).toMatchObject({ source: 'api', actor: { kind: 'automation', id: `api-token:${created.id as string}` } });
    expect(JSON.stringify(audit.items[0]!.actor)).toContain(people.owner);
  });

  it('streams live events with ids; Last-Event-ID resumes with what changed meanwhile; a logged-out session\'s stream closes', async () => {
    const mod = new Browser(stack.gateway.url);
    await logIn(mod, stack.sandbox, people.moderators[0]!);
    const open = async (lastEventId?: string) => {
      const controller = new AbortController();
      const res = await mod.fetch(`/api/guilds/${g}/live`, { signal: controller.signal, headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
      expect(res.status).toBe(200);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      const until = async (pattern: RegExp): Promise<RegExpMatchArray> => {
        for (;;) {
          const m = text.match(pattern);
          if (m) return m;
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
          text += value;
        }
      };
      const ended = async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return text;
          text += value;
        }
      };
      return { controller, until, ended, text: () => text };
    };
    const first = await open();
    const hello = await first.until(/event: hello\ndata: .*\nid: (\d+)/);
    const seen = Number(hello[1]);
    first.controller.abort(); // a forced disconnect
    const warned = await mod.api(`/api/guilds/${g}/commands/moderation/WarnMember`, { body: { target: { id: people.members[4]! }, reason: 'while away' } });
    expect(warned.status).toBe(200);
    const position = (warned.status === 200 ? ((await json(warned)).result as { position: number }).position : 0);
    // Wait until the cases model has it, then reconnect as a browser would.
    await eventually(async () => (((await json(await mod.api(`/api/guilds/${g}/cases?limit=1`))).items as Json[]).length ? true : undefined), 15_000, 'projected');
    await eventually(async () => {
      const r = await stack.pool.query<{ position: string }>("SELECT position FROM guildhall.projection_checkpoints WHERE name = 'cases'");
      return Number(r.rows[0]?.position ?? 0) >= position ? true : undefined;
    }, 15_000, 'cases checkpoint');
    const second = await open(String(seen));
    const rm = await second.until(/event: rm\ndata: \{"model":"cases","position":(\d+)\}\nid: (\d+)/);
    expect(Number(rm[1])).toBeGreaterThan(seen);
    expect(Number(rm[1])).toBeGreaterThanOrEqual(position);
    expect(rm[2]).toBe(rm[1]);
    await second.until(/event: hello/);
    // Logging out ends the session everywhere, its live stream included.
    expect((await mod.api('/auth/logout', { method: 'POST' })).status).toBe(204);
    await expect(second.ended()).resolves.toMatch(/event: closed/);
  });

  it('searches members by name, nickname and id prefix, and lists them with filters', async () => {
    const target = stack.sandbox.world.state.user(regularMember);
    const byName = await json(await owner.api(`/api/guilds/${g}/member-search?q=${encodeURIComponent(target.username.slice(0, 5))}`));
    expect((byName.members as Json[]).map((m) => m.userId)).toContain(regularMember);
    const byId = await json(await owner.api(`/api/guilds/${g}/member-search?q=${regularMember.slice(0, 12)}`));
    expect((byId.members as Json[])[0]).toMatchObject({ userId: regularMember });
    const withRole = await json(await owner.api(`/api/guilds/${g}/members?roleId=${regularRole}&limit=200`));
    expect((withRole.items as Json[]).map((m) => m.userId)).toContain(regularMember);
    expect((withRole.items as Json[]).every((m) => (m.roles as string[]).includes(regularRole))).toBe(true);
  });

  it('exports cases as CSV and the audit log as NDJSON with the filters, each export recorded as an event', async () => {
    const csv = await owner.fetch(`/api/guilds/${g}/exports/cases?format=csv&type=warn`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^caseNumber,type,status/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).filter((l) => l.split(',')[1] !== 'warn')).toEqual([]);
    const nd = await owner.fetch(`/api/guilds/${g}/exports/audit-log?format=ndjson&type=CaseOpened`);
    const rows = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.type === 'CaseOpened')).toBe(true);
    const recorded = await eventually(async () => {
      const page = await json(await owner.api(`/api/guilds/${g}/audit-log?type=ExportRecorded&limit=10`));
      return (page.items as Json[]).length >= 2 ? (page.items as Json[]) : undefined;
    }, 15_000, 'the exports on the record');
    expect(recorded.map((e) => (e.payload as Json).kind).sort()).toEqual(['audit-log', 'cases']);
    expect(recorded[0]).toMatchObject({ actor: { id: people.owner } });
    // Bad filters are refused before anything is recorded or streamed.
    expect((await owner.fetch(`/api/guilds/${g}/exports/cases?format=xml`)).status).toBe(400);
  });
});
