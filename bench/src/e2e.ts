/**
 * bench/e2e: Guildhall end to end beside the seed's original design, in one run on this machine.
 *  1. BullMQ on the local Redis: enqueue + a worker writing one PostgreSQL row per job.
 *  2. Raw JetStream publish (the physical budget of every persisted write).
 *  3. Guildhall as `npm start` runs it (each service its own process, the sandbox as Discord):
 *     BanMember over HTTP → bus → deciders → store → projections → the SSE stream of an open
 *     dashboard, and the bot's ban PUT in the sandbox. Saturated (a window of requests in flight),
 *     then paced at BENCH_RATE (100) commands/s: p50/p99 to the read model (`rm.<guild>.cases`
 *     after commit), to the SSE client, and to the REST call.
 * Prints a table, ratios and, last, exactly
 *   e2e: <N> commands/s, <R>× BullMQ, p99 to SSE <X> ms at 100/s
 * Results go to bench/results/e2e-<time>.json (not committed). Asserts nothing.
 *   npm run bench:e2e   (BENCH_JOBS=5000 BENCH_COMMANDS=1500 BENCH_WINDOW=150 BENCH_RATE=100 BENCH_PACED_SECONDS=5)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectNats, createLogger, ensureDatabase, JetStreamEventStore, loadCommonSettings } from '@guildhall/eventing';
import { freePort, isolatedStackEnv } from '@guildhall/eventing/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { databaseUrl, dropDatabase as dropDatabaseOf, percentile } from './support.js';
import { printTable } from './table.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 5_000);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1_500);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 150);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 5);
const RAW_MESSAGES = 20_000;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const settings = loadCommonSettings();
const logger = createLogger('bench-e2e', 'warn');
const run = Math.random().toString(16).slice(2, 10);
const now = () => performance.timeOrigin + performance.now();
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const pct = (xs: readonly number[], p: number): number => percentile([...xs].sort((a, b) => a - b), p);
const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const urlOf = (db: string): string => databaseUrl(settings.DATABASE_URL, db);
const dropDatabase = (db: string): Promise<void> => dropDatabaseOf(settings.DATABASE_URL, db);

/** Paces `count` sends at `rate` per second; each send's own latency is its business. */
const paced = async (count: number, rate: number, send: (i: number) => Promise<void>): Promise<void> => {
  const started = now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
};

/** At most `window` sends in flight until `count` are done. */
const windowed = async (count: number, window: number, send: (i: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const lane = async () => {
    while (next < count) await send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
};

// ---------------------------------------------------------------------------------------------
// 1. BullMQ + a PostgreSQL row per job.

const bullmq = async () => {
  const db = `gh_bench_bull_${run}`;
  await ensureDatabase(urlOf(db));
  const pool = new pg.Pool({ connectionString: urlOf(db), max: 10 });
  // Dropping the bench database at the end terminates what is still pooled: not an error here.
  pool.on('error', () => undefined);
  await pool.query('CREATE TABLE jobs (id text PRIMARY KEY, payload jsonb NOT NULL, done_at timestamptz NOT NULL DEFAULT now())');
  const connection = { host: '127.0.0.1', port: 6379 };
  const name = `bench-e2e-${run}`;
  const queue = new Queue(name, { connection });
  const latencies: number[] = [];
  let done = 0;
  let onDone: (() => void) | undefined;
  const worker = new Worker(
    name,
    async (job) => {
      await pool.query('INSERT INTO jobs (id, payload) VALUES ($1, $2)', [job.id, job.data]);
      const data = job.data as { sentAt: number; paced: boolean };
      if (data.paced) latencies.push(now() - data.sentAt);
      done++;
      onDone?.();
    },
    { connection, concurrency: 50 },
  );
  await worker.waitUntilReady();
  const until = (n: number) => new Promise<void>((r) => (onDone = () => done >= n && r()));

  const t0 = now();
  const all = until(JOBS);
  for (let i = 0; i < JOBS; i += 500) {
    await queue.addBulk(Array.from({ length: Math.min(500, JOBS - i) }, (_, k) => ({ name: 'ban', data: { i: i + k, sentAt: now(), paced: false }, opts: { jobId: `s${i + k}` } })));
  }
  await all;
  const saturated = (JOBS / (now() - t0)) * 1000;

  const pacedCount = RATE * PACED_SECONDS;
  const pacedDone = until(JOBS + pacedCount);
  await paced(pacedCount, RATE, async (i) => {
    await queue.add('ban', { i, sentAt: now(), paced: true }, { jobId: `p${i}` });
  });
  await pacedDone;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await pool.end();
  await dropDatabase(db);
  return { saturated, p50: pct(latencies, 50), p99: pct(latencies, 99) };
};

// ---------------------------------------------------------------------------------------------
// 2. Raw JetStream publish, the budget.

const rawPublish = async () => {
  const nc = await connectNats(settings.NATS_URL, 'bench-e2e-raw');
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `RAW_e2e_${run}`;
  await jsm.streams.add({ name: stream, subjects: [`raw_e2e_${run}.>`] });
  const body = JSON.stringify({ commitId: 'x'.repeat(36), events: [{ type: 'CaseOpened', payload: { reason: 'x'.repeat(200) } }] });
  const t0 = now();
  let sent = 0;
  await windowed(RAW_MESSAGES, 256, async () => {
    await js.publish(`raw_e2e_${run}.s${sent++ % 1000}`, body);
  });
  const rate = (RAW_MESSAGES / (now() - t0)) * 1000;
  await jsm.streams.delete(stream);
  await nc.close();
  return rate;
};

// ---------------------------------------------------------------------------------------------
// 3. Guildhall, every service its own process.

type Service = { name: string; child: ChildProcess };

const startService = (name: string, entry: string, env: NodeJS.ProcessEnv): Promise<Service> =>
  new Promise((ready, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (/"msg":"ready"/.test(line)) ready({ name, child });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) => failed(new Error(`${name} exited with ${code}:\n${tail.join('\n')}`)));
  });

const rssMb = (pid: number | undefined): number => {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** Just enough of a browser: cookies and manual redirects. */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(path.startsWith('http') ? path : `${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return res;
  }
}

const logIn = async (browser: Browser, sandboxUrl: string, userId: string): Promise<void> => {
  const start = await browser.fetch('/auth/login');
  const authorize = new URL(start.headers.get('location')!);
  const picked = await fetch(`${sandboxUrl}/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: userId, decision: 'allow' }),
  });
  const callback = new URL(picked.headers.get('location')!);
  const done = await browser.fetch(`${callback.pathname}${callback.search}`);
  if (done.status !== 302) throw new Error(`login failed: ${done.status} ${await done.text()}`);
};

/** The dashboard's live stream: every `rm` event with the time it arrived. */
const openSse = async (browser: Browser, guildId: string, onRm: (model: string, position: number, at: number) => void): Promise<() => void> => {
  const abort = new AbortController();
  const res = await browser.fetch(`/api/guilds/${guildId}/live`, { signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`live stream: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!/^event: rm$/m.test(block)) continue;
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        const d = JSON.parse(data) as { model: string; position: number };
        onRm(d.model, d.position, now());
      }
    }
  })();
  return () => abort.abort();
};

const guildhall = async () => {
  const db = `gh_bench_e2e_${run}`;
  await ensureDatabase(urlOf(db));
  const [sandboxPort, httpPort] = [await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const names = isolatedStackEnv(`e2e_${run}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...names,
    LOG_LEVEL: 'info',
    DATABASE_URL: urlOf(db),
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_URL: sandboxUrl,
    SANDBOX_TRAFFIC_RATE: '0',
    PORT: String(httpPort),
    PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
    SESSION_SECRET: 'b'.repeat(64),
    COMMAND_WAIT_MS: '10000',
    // Discord's 50 requests/s global cap would make the bench a measure of that cap.
    DISCORD_REQUESTS_PER_SECOND: '100000',
    ACTION_CONCURRENCY: '64',
    BOT_INSTANCE_ID: `bench_${run}`,
    // Any free ops ports: the bench runs beside a demo or a test stack.
    METRICS_PORT: '0',
    MUSIC: 'false',
    // The bench is one moderator sending thousands of commands: the per-session limits would be the measure.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_COMMANDS_PER_MINUTE: '1000000',
  };
  const order: [string, string][] = [
    ['sandbox', 'infra/discord-sandbox/src/main.ts'],
    ['moderation', 'bounded-contexts/moderation/src/main.ts'],
    ['community', 'bounded-contexts/community/src/main.ts'],
    ['messaging', 'bounded-contexts/messaging/src/main.ts'],
    ['projections', 'projections/src/main.ts'],
    ['http', 'gateway/http/src/main.ts'],
    ['bot', 'gateway/discord/src/main.ts'],
  ];
  const services: Service[] = [];
  const nc = await connectNats(settings.NATS_URL, 'bench-e2e');
  try {
    for (const [name, entry] of order) services.push(await startService(name, entry, env));
    await sleep(2_000); // let the start-up snapshots and their projections settle
    const idleRss = services.map((s) => ({ name: s.name, mb: rssMb(s.child.pid) }));

    const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${sandboxUrl}/_sandbox${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, ...(body ? { body: JSON.stringify(body) } : {}) });
      return (r.status === 204 ? undefined : await r.json()) as T;
    };
    const state = await control<{ guilds: { id: string; name: string }[] }>('GET', '/state?messages=0');
    const guildId = state.guilds.find((g) => g.name === 'Guildhall Sandbox')!.id;
    const people = await control<{ moderators: string[] }>('GET', `/guilds/${guildId}/people`);
    const browser = new Browser(`http://127.0.0.1:${httpPort}`);
    await logIn(browser, sandboxUrl, people.moderators[0]!);

    const pacedCount = RATE * PACED_SECONDS;
    const targets: string[] = [];
    for (let i = 0; i < COMMANDS + pacedCount; i++) targets.push((await control<{ user: { id: string } }>('POST', '/act/join', { guildId })).user.id);
    await sleep(1_000);

    // Arrival times of "cases now includes position P", after commit (core NATS) and at the browser (SSE).
    const committed: { position: number; at: number }[] = [];
    const sse: { position: number; at: number }[] = [];
    const sub = nc.subscribe(`rm.${guildId}.cases`, {
      callback: (_e, m) => {
        const d = JSON.parse(new TextDecoder().decode(m.data)) as { position: number };
        committed.push({ position: d.position, at: now() });
      },
    });
    const closeSse = await openSse(browser, guildId, (model, position, at) => {
      if (model === 'cases') sse.push({ position, at });
    });

    const sent = new Map<string, { userId: string; at: number; paced: boolean }>();
    let failures = 0;
    const ban = async (userId: string, isPaced: boolean): Promise<void> => {
      const at = now();
      const res = await browser.fetch(`/api/guilds/${guildId}/commands/moderation/BanMember`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-guildhall-csrf': '1' },
        body: JSON.stringify({ target: { id: userId, name: null }, reason: 'bench', deleteMessageSeconds: 0 }),
      });
      const body = (await res.json()) as { commandId?: string; status?: string; error?: { code?: string } };
      if (!body.commandId || (body.status !== 'accepted' && body.status !== 'pending')) {
        failures++;
        if (failures <= 3) console.error(`refused: HTTP ${res.status} ${body.error?.code ?? body.status ?? ''}`);
      }
      else sent.set(body.commandId, { userId, at, paced: isPaced });
    };

    const store = await JetStreamEventStore.create({ nc, streamName: names.EVENTS_STREAM, subjectPrefix: names.EVENTS_SUBJECT_PREFIX, logger });
    const caseRows = async (): Promise<number> => {
      const c = new pg.Client({ connectionString: urlOf(db) });
      await c.connect();
      try {
        return Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM rm_cases.cases WHERE guild_id = $1', [guildId])).rows[0]!.n);
      } finally {
        await c.end();
      }
    };

    // Saturated: a window of bans in flight, until every case is in the read model.
    const t0 = now();
    await windowed(COMMANDS, WINDOW, (i) => ban(targets[i]!, false));
    while ((await caseRows()) < COMMANDS - failures) await sleep(20);
    const saturated = ((COMMANDS - failures) / (now() - t0)) * 1000;
    await sleep(2_000);

    // Paced.
    const pacedT0 = now();
    await paced(pacedCount, RATE, (i) => ban(targets[COMMANDS + i]!, true));
    while ((await caseRows()) < COMMANDS + pacedCount - failures) await sleep(20);
    const pacedMs = now() - pacedT0;
    await sleep(1_000);
    const busyRss = services.map((s) => ({ name: s.name, mb: rssMb(s.child.pid) }));

    // Where each paced command's case landed, and when the browser heard of it.
    const positionOf = new Map<string, number>();
    for (const e of await store.readAll({ limit: 10_000_000 })) {
      if (e.type !== 'CaseOpened') continue;
      const requestId = (e.payload as { requestId?: string }).requestId;
      if (requestId) positionOf.set(requestId, e.position);
    }
    const firstAt = (list: readonly { position: number; at: number }[], position: number) => list.find((x) => x.position >= position)?.at;
    // Discord's answer comes after the case: wait (bounded) for the paced bans' PUTs.
    type Call = { method: string; path: string; status: number; at: string };
    const pacedUsers = new Set([...sent.values()].filter((s) => s.paced).map((s) => `/guilds/${guildId}/bans/${s.userId}`));
    let calls: Call[] = [];
    for (const deadline = now() + 30_000; now() < deadline; await sleep(250)) {
      calls = await control<Call[]>('GET', '/rest-calls?method=PUT');
      if (calls.filter((c) => c.status < 300 && pacedUsers.has(c.path)).length >= pacedUsers.size) break;
    }
    const toRm: number[] = [];
    const toSse: number[] = [];
    const toRest: number[] = [];
    for (const [commandId, s] of sent) {
      if (!s.paced) continue;
      const p = positionOf.get(commandId);
      if (p === undefined) continue;
      const rm = firstAt(committed, p);
      const browserAt = firstAt(sse, p);
      if (rm !== undefined) toRm.push(rm - s.at);
      if (browserAt !== undefined) toSse.push(browserAt - s.at);
      const call = calls.find((c) => c.status < 300 && c.path === `/guilds/${guildId}/bans/${s.userId}`);
      if (call) toRest.push(Date.parse(call.at) - s.at);
    }
    sub.unsubscribe();
    closeSse();
    await store.close();
    return {
      saturated,
      pacedRate: (pacedCount / pacedMs) * 1000,
      failures,
      rm: { p50: pct(toRm, 50), p99: pct(toRm, 99), n: toRm.length },
      sse: { p50: pct(toSse, 50), p99: pct(toSse, 99), n: toSse.length },
      rest: { p50: pct(toRest, 50), p99: pct(toRest, 99), n: toRest.length },
      idleRss,
      busyRss,
    };
  } finally {
    for (const s of services.reverse()) {
      s.child.removeAllListeners('exit');
      s.child.kill('SIGTERM');
    }
    await sleep(1_500);
    const jsm = await jetstreamManager(nc);
    for (const s of [names.EVENTS_STREAM, names.COMMANDS_STREAM, names.DEAD_LETTERS_STREAM, names.DISCORD_STREAM, `KV_${names.COMMAND_RESULTS_BUCKET}`, `KV_${names.STATUS_BUCKET}`]) {
      await jsm.streams.delete(s).catch(() => undefined);
    }
    await nc.close();
    await dropDatabase(db).catch(() => undefined);
  }
};

// ---------------------------------------------------------------------------------------------

console.log(`bench/e2e: ${JOBS} BullMQ jobs, ${COMMANDS} Guildhall bans saturated (window ${WINDOW}), then ${RATE}/s for ${PACED_SECONDS} s each`);
const bull = await bullmq();
const raw = await rawPublish();
const gh = await guildhall();

printTable('Throughput (saturated)', [
  { system: 'BullMQ + PG row per job', 'per second': Math.round(bull.saturated) },
  { system: 'raw JetStream publish', 'per second': Math.round(raw) },
  { system: 'Guildhall BanMember, HTTP → read model', 'per second': Math.round(gh.saturated) },
]);
printTable(`Latency at ${RATE}/s (ms)`, [
  { path: 'BullMQ enqueue → row', p50: f1(bull.p50), p99: f1(bull.p99), samples: RATE * PACED_SECONDS },
  { path: 'Guildhall HTTP → read model committed', p50: f1(gh.rm.p50), p99: f1(gh.rm.p99), samples: gh.rm.n },
  { path: 'Guildhall HTTP → SSE client', p50: f1(gh.sse.p50), p99: f1(gh.sse.p99), samples: gh.sse.n },
  { path: 'Guildhall HTTP → Discord REST call', p50: f1(gh.rest.p50), p99: f1(gh.rest.p99), samples: gh.rest.n },
]);
printTable(
  'RSS per service (MB), idle after start / after the run',
  [
    ...gh.idleRss.map((s, i) => ({ service: s.name, idle: f1(s.mb), busy: f1(gh.busyRss[i]?.mb ?? NaN) })),
    { service: 'total', idle: f1(gh.idleRss.reduce((a, s) => a + s.mb, 0)), busy: f1(gh.busyRss.reduce((a, s) => a + s.mb, 0)) },
  ],
);
const ratioBull = gh.saturated / bull.saturated;
const ratioRaw = gh.saturated / raw;
printTable('Ratios', [
  { ratio: 'Guildhall ÷ BullMQ (saturated)', value: `${ratioBull.toFixed(2)}×` },
  { ratio: 'Guildhall ÷ raw JetStream publish', value: `${(ratioRaw * 100).toFixed(1)}%` },
  { ratio: 'paced rate achieved', value: `${gh.pacedRate.toFixed(0)}/s` },
  { ratio: 'commands refused or failed', value: String(gh.failures) },
]);
const out = resolve(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = resolve(out, `e2e-${new Date().toISOString().replaceAll(':', '-')}.json`);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), jobs: JOBS, commands: COMMANDS, window: WINDOW, rate: RATE, bull, raw, guildhall: gh }, null, 2));
console.log(`\nresults: ${file}`);
console.log(`e2e: ${Math.round(gh.saturated)} commands/s, ${ratioBull.toFixed(2)}× BullMQ, p99 to SSE ${f1(gh.sse.p99)} ms at ${RATE}/s`);
process.exit(0);
