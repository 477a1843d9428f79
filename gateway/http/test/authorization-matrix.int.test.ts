import { atLeast, SCOPES, type Level } from '@guildhall/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { AppDeps } from '../src/http/app-env.js';
import { Browser, logIn } from './support/browser.js';
import { DOC_PUBLIC_URL } from './support/openapi-document.js';
import { fillPath, operations, type Operation } from './support/route-table.js';
import { eventually, startTestStack, type TestStack } from './support/world.js';
import { createLogger } from '@guildhall/eventing';

type Caller =
  | Readonly<{ name: string; kind: 'anonymous' }>
  | Readonly<{ name: string; kind: 'session'; level: Level | null; userId: string; browser: () => Promise<Browser> }>
  | Readonly<{ name: string; kind: 'token'; scopes: readonly string[]; token: string }>;

const OTHER_GUILD = '999999999999999999';
/** Operations that end the caller's own session: each is checked on a fresh login. */
const ENDS_SESSION = new Set(['logout', 'logOutEverywhere']);

/** What the rule says the caller may do (true: neither 401 nor 403). */
const allowed = (op: Operation, caller: Caller, own: boolean): boolean => {
  const rule = op.access!;
  if (rule.kind === 'public') return true;
  if (caller.kind === 'anonymous') return false;
  if (rule.kind === 'self') return caller.kind === 'session';
  if (rule.kind === 'signed-in') return caller.kind === 'session' || rule.tokens;
  if (!own) return false;
  if (caller.kind === 'token') return rule.scope !== null && caller.scopes.includes(rule.scope);
  return caller.level !== null && atLeast(caller.level, rule.level);
};

/** Inputs that pass the rule but do nothing (bad bodies, unknown ids): the matrix checks who gets in, not what happens. */
const PATH_VALUES = { caseNumber: '1', userId: '1', tokenId: 'doesnotexist', grantId: 'doesnotexist', sessionId: '0000000000000000', requestId: 'x', scheduleId: 'doesnotexist', appealId: '1-1-1', reportId: 'm1-2' };

describe('authorization matrix: every route of the document × every kind of caller × own and other guild', () => {
  let stack: TestStack;
  let callers: Caller[];

  beforeAll(async () => {
    stack = await startTestStack('matrix');
    const g = stack.guildId;
    const people = stack.sandbox.world.people(g);
    const session = (userId: string) => async () => {
      const b = new Browser(stack.gateway.url);
      await logIn(b, stack.sandbox, userId);
      return b;
    };
    const cached = (userId: string) => {
      let b: Promise<Browser> | undefined;
      return () => (b ??= session(userId)());
    };
    const owner = await session(people.owner)();
    const viewerId = people.members[0]!;
    expect((await owner.api(`/api/guilds/${g}/access/grants`, { body: { subject: { kind: 'user', id: viewerId }, level: 'viewer' } })).status).toBe(201);
    const token = async (scopes: string[]) => {
      const r = await owner.api(`/api/guilds/${g}/api-tokens`, { body: { name: `matrix ${scopes.length}`, scopes } });
      expect(r.status).toBe(201);
      return ((await r.json()) as { token: string }).token;
    };
    const all = await token([...SCOPES]);
    const none = await token(['music:control']);
    // Wait for the grant and the tokens to be in the read model.
    await eventually(async () => {
      const v = await (await session(viewerId)()).api(`/api/guilds/${g}/cases`);
      const t = await fetch(`${stack.gateway.url}/api/guilds/${g}/cases`, { headers: { authorization: `Bearer ${none}` } });
      return v.status === 200 && t.status === 403 ? true : undefined;
    }, 20_000, 'the grant and tokens');
    callers = [
      { name: 'anonymous', kind: 'anonymous' },
      { name: 'owner', kind: 'session', userId: people.owner, level: 'owner', browser: cached(people.owner) },
      { name: 'admin', kind: 'session', userId: people.admins[0]!, level: 'admin', browser: cached(people.admins[0]!) },
      { name: 'moderator', kind: 'session', userId: people.moderators[0]!, level: 'moderator', browser: cached(people.moderators[0]!) },
      { name: 'viewer (grant)', kind: 'session', userId: viewerId, level: 'viewer', browser: cached(viewerId) },
      { name: 'plain member', kind: 'session', userId: people.members[1]!, level: null, browser: cached(people.members[1]!) },
      { name: 'token with every scope', kind: 'token', scopes: [...SCOPES], token: all },
      { name: 'token with another scope', kind: 'token', scopes: ['music:control'], token: none },
    ];
  }, 120_000);
  afterAll(async () => stack?.dispose());

  it('has a rule for every route the app serves (a new route without one fails here)', () => {
    const ops = operations();
    for (const op of ops) {
      expect(op.access, `${op.method} ${op.path} has no x-guildhall-access`).toBeDefined();
      expect(['public', 'signed-in', 'self', 'guild']).toContain(op.access!.kind);
      if (op.access!.kind === 'guild') expect(op.path, op.operationId).toContain('{guildId}');
    }
    const documented = new Set(ops.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const app = createApp({ publicUrl: DOC_PUBLIC_URL, uiDist: undefined, logger: createLogger('matrix', 'silent') } as unknown as AppDeps);
    const NOT_API = new Set(['GET /api/openapi.json', 'GET /api/docs', 'GET /api/docs/init.js', 'GET /api/docs/:file', 'POST /api/guilds/:guildId/commands/:context/:type']);
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/auth/')))
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !NOT_API.has(r));
    const undocumented = [...new Set(served)].filter((r) => !documented.has(r));
    expect(undocumented, 'routes served without a documented rule').toEqual([]);
  });

  it('lets in exactly whom each rule names, and no one else', { timeout: 240_000 }, async () => {
    const results: string[] = [];
    const wrong: string[] = [];
    // Those that end sessions go last: log out everywhere ends the cached sessions too.
    const ordered = operations().sort((a, b) => Number(ENDS_SESSION.has(a.operationId)) - Number(ENDS_SESSION.has(b.operationId)));
    for (const op of ordered) {
      const guilds = op.path.includes('{guildId}') ? [true, false] : [true];
      for (const caller of callers) {
        for (const own of guilds) {
          const url = fillPath(op.path, { ...PATH_VALUES, guildId: own ? stack.guildId : OTHER_GUILD });
          const query = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=x`).join('&');
          const path = query ? `${url}?${query}` : url;
          const controller = new AbortController();
          const init = { method: op.method, ...(op.method === 'GET' ? {} : { body: {} }), signal: controller.signal } as const;
          let res: Response;
          if (caller.kind === 'session') {
            let b = await caller.browser();
            if (ENDS_SESSION.has(op.operationId)) {
              b = new Browser(stack.gateway.url);
              await logIn(b, stack.sandbox, caller.userId);
            }
            res = await b.fetch(path, { method: init.method, signal: controller.signal, headers: { 'x-guildhall-csrf': '1', ...(init.method === 'GET' ? {} : { 'content-type': 'application/json' }) }, ...(init.method === 'GET' ? {} : { body: '{}' }) });
          } else {
            res = await fetch(`${stack.gateway.url}${path}`, {
              method: init.method,
              signal: controller.signal,
              redirect: 'manual',
              headers: { ...(caller.kind === 'token' ? { authorization: `Bearer ${caller.token}` } : { 'x-guildhall-csrf': '1' }), ...(init.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
              ...(init.method === 'GET' ? {} : { body: '{}' }),
            });
          }
          controller.abort(); // live streams never end by themselves
          const expected = allowed(op, caller, own);
          const got = res.status !== 401 && res.status !== 403;
          const line = `${op.operationId} ${own ? 'own' : 'other'} as ${caller.name}: ${res.status}`;
          results.push(line);
          if (res.status >= 500 || got !== expected) wrong.push(`${line} (expected ${expected ? 'allowed' : 'refused'})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(results.length).toBeGreaterThan(500);
  });
});
