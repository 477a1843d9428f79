import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logIn } from './support/browser.js';
import { fillPath, operations, type Operation } from './support/route-table.js';
import { startTestStack, type TestStack } from './support/world.js';

/** Requests in `npm test`; `npm run bench:fuzz` runs 50,000. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const BATCH = 10;
/**
 * Left out (the matrix covers who may call them): the first four end the fuzzing session or stream
 * for ever; the next two take no input but the path's guild, which the fuzzer fills with the real
 * one, so every request is valid (forgetMe would erase the fuzzing owner; removeEmailAddress of an
 * absent address is no error either); forgetMember takes only ids, and forgetting any well-formed
 * id is a valid request (an erasure is honoured even for a member the read models never saw: a
 * refusal there would fail a real request; the route's bad ids are in forget-me.int);
 * setEmailNotifications takes one boolean, so a fuzzed `{"enabled":false}` is a valid request
 * about one time in four thousand (a fresh-clone CI run drew it; its bad bodies are in
 * notifications-routes.int).
 */
const SKIP = new Set(['logout', 'logOutEverywhere', 'endMemberSessions', 'streamLive', 'forgetMe', 'removeEmailAddress', 'forgetMember', 'setEmailNotifications']);

/** Text an attacker sends: NUL, bad percent escapes, lone surrogates, SQL and path tricks, huge, unicode. */
const hostileRaw = fc.oneof(
  fc.constantFrom('%00', 'a%00b', '%FF', '%C3%28', '%E0%A4%A', '%ED%A0%80', '%', '%%', '..%2F..%2Fetc%2Fpasswd', '%27%20OR%201%3D1--', '%5B%5D', '%7B%7D'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.integer().map(String),
  fc.constant('9'.repeat(400)),
  fc.constant(''),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('a\u0000b', '\ud800', 'x'.repeat(5_000), "'; DROP TABLE cases; --", '1e309', '-0'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

type Req = Readonly<{ op: Operation; path: string; body: string | undefined }>;

const requestOf = (op: Operation, guildId: string): fc.Arbitrary<Req> => {
  const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const bodyKeys = Object.keys((op.body?.properties as Record<string, unknown> | undefined) ?? {});
  return fc.record({
    params: fc.record(Object.fromEntries(pathParams.map((n) => [n, n === 'guildId' ? fc.oneof({ weight: 8, arbitrary: fc.constant(guildId) }, { weight: 2, arbitrary: hostileRaw }) : hostileRaw]))),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(queryNames.length ? queryNames : ['q'])), fc.constantFrom('bogus', '%00', '%FF')), hostileRaw), { maxLength: 4 }),
    body: op.method === 'GET' ? fc.constant(undefined) : fc.oneof(
      fc.dictionary(fc.constantFrom(...(bodyKeys.length ? bodyKeys : ['x'])), hostileJson, { maxKeys: 5 }).map((o) => JSON.stringify(o)),
      hostileJson.map((v) => JSON.stringify(v)),
      fc.constantFrom('{', '{"a":', '\u0000', '[]', '"\\ud800"', '{"reason":"\\u0000"}'),
    ),
  }).map(({ params, query, body }) => {
    const url = fillPath(op.path, params as Record<string, string>);
    const qs = query.map(([k, v]) => `${k}=${v}`).join('&');
    return { op, path: qs ? `${url}?${qs}` : url, body };
  });
};

describe('fuzzing every operation from its schema (fast-check)', () => {
  let stack: TestStack;
  let owner: Browser;

  beforeAll(async () => {
    stack = await startTestStack('fuzz');
    owner = new Browser(stack.gateway.url);
    await logIn(owner, stack.sandbox, stack.sandbox.world.people(stack.guildId).owner);
  }, 120_000);
  afterAll(async () => stack?.dispose());

  const storedEvents = async (): Promise<number> => {
    const info = await stack.nc.request(`$JS.API.STREAM.INFO.EV_${stack.id}`, '', { timeout: 5_000 });
    return (info.json() as { state: { messages: number } }).state.messages;
  };

  it(`answers ${RUNS} hostile requests with 4xx (never 5xx), and appends no event (but the record of a well-formed export)`, { timeout: Math.max(240_000, RUNS * 60) }, async () => {
    const ops = operations().filter((o) => !SKIP.has(o.operationId));
    const before = await storedEvents();
    const statuses = new Map<number, number>();
    // A well-formed export (a GET) is a valid request, and each is itself recorded: the only events allowed.
    let exportsMade = 0;
    const arb = fc.array(fc.constantFrom(...ops).chain((op) => requestOf(op, stack.guildId)), { minLength: BATCH, maxLength: BATCH });
    await fc.assert(
      fc.asyncProperty(arb, async (batch) => {
        const answers = await Promise.all(
          batch.map(async (r) => {
            const res = await owner.fetch(r.path, {
              method: r.op.method,
              headers: { 'x-guildhall-csrf': '1', ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) },
              ...(r.body !== undefined ? { body: r.body } : {}),
            });
            await res.arrayBuffer();
            return { r, status: res.status };
          }),
        );
        for (const { r, status } of answers) {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 200 && r.op.operationId.startsWith('export')) exportsMade++;
          if (status >= 500) throw new Error(`${r.op.method} ${r.path} ${r.body ?? ''} → ${status}`);
          if (r.op.method !== 'GET' && (status < 400 || status >= 500)) throw new Error(`${r.op.method} ${r.path} ${r.body ?? ''} → ${status}: bad input accepted`);
        }
      }),
      { numRuns: Math.ceil(RUNS / BATCH), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000), verbose: 1 },
    );
    expect(await storedEvents()).toBe(before + exportsMade);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(RUNS);
    console.log(`fuzz: ${total} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });
});
