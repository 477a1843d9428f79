/**
 * bench/api: the HTTP API under load (autocannon), and the live stream's fan-out.
 *  1. listCases (`GET /api/guilds/:g/cases?limit=50`, a signed-in owner, through every middleware:
 *     text check, session lookup, rate limit, level, validation, query) with BENCH_API_CASES
 *     (100,000) cases in the guild: p50/p99 at a paced 200 requests/s, then the maximum rate.
 *  2. SSE: BENCH_SSE_CLIENTS (1,000) live streams of one guild; a read-model notification
 *     published on NATS, timed to its arrival on every stream: p50/p99/max delivery.
 * The gateway runs in this process on a free port, with its own stream names and database.
 * Prints figures beside their targets (query p99 ≤ 20 ms at 200/s; delivery p99 ≤ 50 ms); asserts nothing.
 *   npm run bench:api
 */
import { randomBytes } from 'node:crypto';
import { startSandbox } from '@guildhall/discord-sandbox';
import { connectNats, createLogger, ensureDatabase, loadCommonSettings, migrate } from '@guildhall/eventing';
import { loadHttpSettings, startHttpGateway } from '@guildhall/gateway-http';
import { allProjections, listCases } from '@guildhall/projections';
import autocannon from 'autocannon';
import pg from 'pg';
import { printTable } from './table.js';
import { percentile } from './support.js';

const CASES = Number(process.env.BENCH_API_CASES ?? 100_000);
const SSE_CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1_000);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);

const common = loadCommonSettings();
const logger = createLogger('bench-api', 'warn');
const id = randomBytes(4).toString('hex');
const db = `gh_bench_api_${id}`;
const urlOf = (name: string) => Object.assign(new URL(common.DATABASE_URL), { pathname: `/${name}` }).toString();

await ensureDatabase(urlOf(db));
const pool = new pg.Pool({ connectionString: urlOf(db), max: 4 });
await migrate(pool, allProjections, logger);
const sandbox = await startSandbox({ port: 0, seed: 7, simulator: { enabled: false }, memberCount: 40 });
const guildId = sandbox.world.mainGuild().base.id;
const names = { EVENTS_STREAM: `EV_benchapi_${id}`, EVENTS_SUBJECT_PREFIX: `es_benchapi_${id}`, COMMANDS_STREAM: `CMD_benchapi_${id}`, COMMANDS_SUBJECT_PREFIX: `cmd_benchapi_${id}`, COMMAND_RESULTS_BUCKET: `RES_benchapi_${id}`, DEAD_LETTERS_STREAM: `DLQ_benchapi_${id}`, DEAD_LETTERS_SUBJECT_PREFIX: `dlq_benchapi_${id}` };
const gateway = await startHttpGateway(
  loadHttpSettings({
    ...process.env, ...names, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: urlOf(db), DISCORD_OAUTH_BASE: sandbox.url, UI_DIST: '/nonexistent',
    SESSION_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_COMMANDS_PER_MINUTE: '1000000', RATE_LIMIT_LOGIN_PER_MINUTE: '1000', STATUS_BUCKET: `BOTST_${id}`, STATUS_SUBJECT_PREFIX: `bot_status_benchapi_${id}`,
  }),
  logger,
);
const nc = await connectNats(common.NATS_URL, 'bench-api');

try {
  // The guild as Guildhall knows it from the bot, and its cases, generated in SQL.
  await pool.query(`INSERT INTO rm_guild_overview.guilds (guild_id, member_delta, updated_at) VALUES ($1, 0, now())`, [guildId]);
  await pool.query(
    `INSERT INTO rm_cases.cases (guild_id, case_number, stream_id, request_id, action, origin, status, outcome, target_id, target_name,
       moderator_kind, moderator_id, moderator_name, reason, notes_text, note_count, evidence_count, hidden, bulk_id, duration_seconds,
       expires_at, expiry_status, ended_how, ended_at, requested_at, opened_at, updated_at, version, last_position, state)
     SELECT $1, n, 'moderation.case.' || $1 || '-' || n, 'req-' || n, (ARRAY['warn', 'timeout', 'ban', 'kick', 'note'])[1 + n % 5], 'guildhall', 'closed', 'done',
       (300000000000000000 + n % 5000)::text, NULL, 'dashboard-user', '200000000000000001', 'moderator', 'reason ' || n, '', 0, 0, false, NULL, NULL,
       NULL, NULL, NULL, NULL, t, t, t, n, n, '{}'::jsonb
     FROM generate_series(1, $2::int) AS n, LATERAL (SELECT now() - (($2::int - n) * interval '1 minute') AS t) ts`,
    [guildId, CASES],
  );
  await pool.query('ANALYZE rm_cases.cases');

  // Sign in as the guild's owner through the sandbox's OAuth2 (PKCE and all).
  const base = gateway.url;
  const start = await fetch(`${base}/auth/login`, { redirect: 'manual' });
  const stateCookie = start.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const authorize = new URL(start.headers.get('location')!);
  const picked = await fetch(`${sandbox.url}/oauth2/authorize`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: sandbox.world.people(guildId).owner, decision: 'allow' }),
  });
  const callback = new URL(picked.headers.get('location')!);
  const done = await fetch(`${base}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { cookie: stateCookie } });
  const cookie = done.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('gh_session='))!;
  const probe = await fetch(`${base}/api/guilds/${guildId}/cases?limit=50`, { headers: { cookie } });
  if (probe.status !== 200) throw new Error(`the case list answered ${probe.status}: ${await probe.text()}`);

  // 1. The case list.
  const load = (opts: Partial<autocannon.Options>) =>
    autocannon({ url: `${base}/api/guilds/${guildId}/cases?limit=50`, headers: { cookie }, duration: SECONDS, connections: 10, ...opts });
  await load({ duration: 2 }); // warm up
  const paced = await load({ overallRate: 200, connections: 20 });
  const max = await load({ connections: 16 });
  const non2xx = (r: autocannon.Result) => r.non2xx + r.errors;

  // The same query without HTTP, and one HTTP call at a time: what the edge adds, on this machine now.
  const timed = async (f: () => Promise<unknown>, n = 100): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await f();
      out.push(performance.now() - t);
    }
    return out.sort((a, b) => a - b);
  };
  const direct = await timed(() => listCases(pool, { guildId, limit: 50 }));
  const serial = await timed(async () => (await fetch(`${base}/api/guilds/${guildId}/cases?limit=50`, { headers: { cookie } })).arrayBuffer());

  // 2. SSE fan-out.
  const arrivals: number[] = [];
  let sentAt = 0;
  const controllers: AbortController[] = [];
  let ready = 0;
  await Promise.all(
    Array.from({ length: SSE_CLIENTS }, async () => {
      const controller = new AbortController();
      controllers.push(controller);
      const res = await fetch(`${base}/api/guilds/${guildId}/live`, { headers: { cookie }, signal: controller.signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      let counted = false;
      void (async () => {
        for (;;) {
          const { value, done: ended } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (ended) return;
          text += value;
          if (!counted && text.includes('event: hello')) {
            counted = true;
            ready++;
          }
          if (text.includes('"model":"bench"')) {
            arrivals.push(performance.now() - sentAt);
            return;
          }
        }
      })();
    }),
  );
  while (ready < SSE_CLIENTS) await new Promise((r) => setTimeout(r, 50));
  sentAt = performance.now();
  nc.publish(`rm.${guildId}.bench`, JSON.stringify({ position: 1 }));
  const deadline = Date.now() + 10_000;
  while (arrivals.length < SSE_CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const c of controllers) c.abort();
  const sorted = [...arrivals].sort((a, b) => a - b);

  const rows: [string, string, string][] = [
      ['listCases at 200 req/s: p50', `${paced.latency.p50} ms`, ''],
      ['listCases at 200 req/s: p99', `${paced.latency.p99} ms`, '≤ 20 ms'],
      ['listCases at 200 req/s: achieved', `${paced.requests.average} req/s (${non2xx(paced)} not 2xx)`, '200'],
      ['listCases one at a time: HTTP p50 / direct query p50', `${percentile(serial, 50).toFixed(1)} / ${percentile(direct, 50).toFixed(1)} ms`, ''],
      ['listCases max rate (16 connections)', `${max.requests.average} req/s, p50 ${max.latency.p50} ms, p99 ${max.latency.p99} ms (${non2xx(max)} not 2xx)`, ''],
      [`SSE fan-out to ${SSE_CLIENTS}: delivered`, `${arrivals.length}`, `${SSE_CLIENTS}`],
      ['SSE delivery p50 / p99 / max', `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} / ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`, 'p99 ≤ 50 ms'],
  ];
  printTable('bench/api', rows.map(([measure, figure, target]) => ({ measure, figure, target })));
  console.log(`(${CASES} cases in the guild; ${SECONDS} s per run; one process holds the API and the clients on a shared machine)`);
} finally {
  await gateway.stop();
  await sandbox.stop();
  for (const s of [names.EVENTS_STREAM, names.COMMANDS_STREAM, names.DEAD_LETTERS_STREAM, `KV_${names.COMMAND_RESULTS_BUCKET}`]) await nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
  await nc.close();
  await pool.end();
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).finally(() => admin.end());
}
