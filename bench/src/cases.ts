/**
 * bench/cases: moderation cases end to end, and the case list at a million cases.
 *  1. Cases opened per second through bus → deciders → store → process manager → `cases` read
 *     model: the moderation service runs as a child process (its own core), this process sends
 *     WarnMember commands over BENCH_GUILDS guilds and watches the projections' `cases` rows
 *     appear (ProjectionRunner from @guildhall/projections' casesProjection, here), timing each
 *     from send to visible row. Saturated (a window of commands in flight), then paced.
 *  2. listCases p50/p99 with BENCH_QUERY_ROWS (1,000,000) cases in one guild, rows generated in
 *     SQL (generate_series) in a bench database, through the projections' own query functions.
 * Prints figures beside their targets; asserts nothing.
 *   npm run bench:cases     (BENCH_CASES=5000 BENCH_GUILDS=50 BENCH_WINDOW=400 BENCH_RATE=<¼ of saturated> BENCH_QUERY_ROWS=1000000)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, loadCommonSettings, migrate, ProjectionRunner } from '@guildhall/eventing';
import { newId, type CommandEnvelope } from '@guildhall/kernel';
import { casesProjection, listCases, type CaseListFilter } from '@guildhall/projections';
import pg from 'pg';
import { databaseUrl, dropDatabase as dropDatabaseOf, percentile } from './support.js';
import { perSecond, printTable } from './table.js';

const CASES = Number(process.env.BENCH_CASES ?? 5_000);
const GUILDS = Number(process.env.BENCH_GUILDS ?? 50);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 400);
const PACED_SECONDS = 5;
const QUERY_ROWS = Number(process.env.BENCH_QUERY_ROWS ?? 1_000_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 100);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const settings = loadCommonSettings();
const logger = createLogger('bench', 'warn');
const run = newId().replaceAll('-', '').slice(0, 8);

const urlOf = (db: string): string => databaseUrl(settings.DATABASE_URL, db);
const dropDatabase = (db: string): Promise<void> => dropDatabaseOf(settings.DATABASE_URL, db);
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

// ---------------------------------------------------------------------------------------------
// 1. End to end.

const names = {
  events: { streamName: `EV_bench_${run}`, subjectPrefix: `es_bench_${run}` },
  bus: {
    streamName: `CMD_bench_${run}`,
    subjectPrefix: `cmd_bench_${run}`,
    deadLetterStream: `DLQ_bench_${run}`,
    deadLetterPrefix: `dlq_bench_${run}`,
    resultsBucket: `RES_bench_${run}`,
  },
};
const e2eDb = `gh_bench_cases_${run}`;
await ensureDatabase(urlOf(e2eDb));
const pool = new pg.Pool({ connectionString: urlOf(e2eDb), max: 6 });
const nc = await connectNats(settings.NATS_URL, 'bench-cases');
const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
const bus = await CommandBus.create({ nc, logger, ...names.bus });

/** The moderation service as `npm start` runs it, in this bench's streams and database. */
const startModeration = (): Promise<ChildProcess> =>
  new Promise((ready, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bounded-contexts/moderation/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        DATABASE_URL: urlOf(e2eDb),
        EVENTS_STREAM: names.events.streamName,
        EVENTS_SUBJECT_PREFIX: names.events.subjectPrefix,
        COMMANDS_STREAM: names.bus.streamName,
        COMMANDS_SUBJECT_PREFIX: names.bus.subjectPrefix,
        COMMAND_RESULTS_BUCKET: names.bus.resultsBucket,
        DEAD_LETTERS_STREAM: names.bus.deadLetterStream,
        DEAD_LETTERS_SUBJECT_PREFIX: names.bus.deadLetterPrefix,
        MODERATION_CONCURRENCY: process.env.MODERATION_CONCURRENCY ?? '64',
        MODERATION_PROCESS_CONCURRENCY: process.env.MODERATION_PROCESS_CONCURRENCY ?? '128',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (/"msg":"ready"/.test(line)) ready(child);
      else if (/"level":(50|60)/.test(line)) console.error(`[moderation] ${line.slice(0, 300)}`);
    });
    child.once('exit', (code) => failed(new Error(`moderation service exited with ${code} before ready`)));
  });

const moderation = await startModeration();
await migrate(pool, [casesProjection], logger);
const runner = new ProjectionRunner(casesProjection, { nc, pool, ...names.events, logger, lagLogIntervalMs: 0, idleWaitMs: 1_000 });
runner.start();

const guildIds = Array.from({ length: GUILDS }, (_, i) => `8${run.replace(/\D/g, '').padEnd(4, '7').slice(0, 4)}${String(i).padStart(6, '0')}`);
const ACTOR = { kind: 'dashboard-user' as const, id: '200000000000000042', name: 'Bench Moderator' };

/** Request id (command id) → send time; resolved when its case row is visible. */
const pending = new Map<string, { sentAt: number; done: () => void }>();
const latencies: number[] = [];
/** Per guild: case numbers seen, and the highest number below which all are seen. */
const seen = new Map<string, { numbers: Set<number>; low: number }>();
let polling = true;

/** Watches `cases` rows appear: on every rm notification of a guild, reads its rows past the low mark. */
const watch = async (): Promise<void> => {
  const dirty = new Set<string>();
  const sub = nc.subscribe('rm.*.cases', {
    callback: (_e, m) => {
      dirty.add(m.subject.split('.')[1]!);
    },
  });
  while (polling) {
    if (dirty.size === 0) {
      await sleep(2);
      continue;
    }
    const guilds = [...dirty];
    dirty.clear();
    await Promise.all(
      guilds.map(async (guildId) => {
        const s = seen.get(guildId) ?? { numbers: new Set<number>(), low: 0 };
        seen.set(guildId, s);
        const { rows } = await pool.query<{ case_number: number; request_id: string }>(
          'SELECT case_number, request_id FROM rm_cases.cases WHERE guild_id = $1 AND case_number > $2',
          [guildId, s.low],
        );
        const now = performance.now();
        for (const r of rows) {
          if (s.numbers.has(r.case_number)) continue;
          s.numbers.add(r.case_number);
          const p = pending.get(r.request_id);
          if (p) {
            latencies.push(now - p.sentAt);
            pending.delete(r.request_id);
            p.done();
          }
        }
        while (s.numbers.has(s.low + 1)) s.numbers.delete(++s.low);
      }),
    );
  }
  sub.unsubscribe();
};
const watcher = watch();

let sequence = 0;
const warn = (): CommandEnvelope => {
  const id = newId();
  const n = sequence++;
  return {
    id,
    type: 'WarnMember',
    issuedAt: new Date().toISOString(),
    guildId: guildIds[n % GUILDS]!,
    actor: ACTOR,
    source: 'web',
    correlationId: id,
    causationId: null,
    payload: { target: { id: String(300000000000000000n + BigInt(n)), name: null }, reason: 'spamming invite links' },
  };
};

/** Sends one warning and resolves when its case row is visible. */
const openCase = async (): Promise<void> => {
  const command = warn();
  const visible = new Promise<void>((done) => pending.set(command.id, { sentAt: performance.now(), done }));
  await bus.send(command, { context: 'moderation' });
  await visible;
};

// Warm-up (JIT, connections, consumers), not measured.
await Promise.all(Array.from({ length: Math.min(200, GUILDS * 4) }, () => openCase()));
latencies.length = 0;

// Saturated: WINDOW cases in flight at all times.
/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
const cpuSeconds = (pid: number | undefined): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
};
const satCpuBefore = { service: cpuSeconds(moderation.pid), bench: process.cpuUsage() };
const satStart = performance.now();
let started = 0;
// BENCH_PROGRESS=1 prints the rate each second (to see whether it holds over the run).
const progress = process.env.BENCH_PROGRESS
  ? setInterval(() => console.log(`  ${((performance.now() - satStart) / 1000).toFixed(0)} s: ${started - pending.size} cases visible, ${pending.size} in flight`), 1_000)
  : undefined;
await Promise.all(
  Array.from({ length: Math.min(WINDOW, CASES) }, async () => {
    while (started < CASES) {
      started++;
      await openCase();
    }
  }),
);
const satMs = performance.now() - satStart;
clearInterval(progress);
const serviceCpuMs = ((cpuSeconds(moderation.pid) - satCpuBefore.service) * 1000) / CASES;
const benchCpu = process.cpuUsage(satCpuBefore.bench);
const benchCpuMs = (benchCpu.user + benchCpu.system) / 1000 / CASES;
const saturated = [...latencies].sort((a, b) => a - b);
latencies.length = 0;

// Paced: open loop at a quarter of the saturated rate (or BENCH_RATE), for latency without queueing.
const RATE = Number(process.env.BENCH_RATE ?? Math.max(5, Math.round(perSecond(CASES, satMs) / 4)));
const pacedCount = RATE * PACED_SECONDS;
const pacedStart = performance.now();
const paced: Promise<void>[] = [];
for (let i = 0; i < pacedCount; i++) {
  const due = pacedStart + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  paced.push(openCase());
}
await Promise.all(paced);
const pacedLatencies = [...latencies].sort((a, b) => a - b);

polling = false;
await watcher;
await runner.stop();
moderation.kill('SIGTERM');
await new Promise((r) => moderation.once('exit', r));
await bus.close();
await store.close();
for (const s of [names.events.streamName, names.bus.streamName, names.bus.deadLetterStream, `KV_${names.bus.resultsBucket}`]) {
  await nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
}
await pool.end();
await dropDatabase(e2eDb);

const throughput = perSecond(CASES, satMs);
printTable(
  `bench/cases: end to end, ${CASES.toLocaleString('en-US')} warnings over ${GUILDS} guilds, window ${WINDOW} (moderation service as a child process; nats-server ${nc.info?.version})`,
  [
    { measure: 'cases opened per second (saturated)', value: throughput, target: '>= 1,000 cases/s' },
    { measure: 'moderation service CPU per case', value: ms(serviceCpuMs), target: '' },
    { measure: 'bench process CPU per case (sender + cases projection)', value: ms(benchCpuMs), target: '' },
    { measure: 'send → cases row visible, p50 (saturated)', value: ms(percentile(saturated, 50)), target: '' },
    { measure: 'send → cases row visible, p99 (saturated)', value: ms(percentile(saturated, 99)), target: '' },
    { measure: `send → cases row visible, p50 (paced ${RATE}/s)`, value: ms(percentile(pacedLatencies, 50)), target: '' },
    { measure: `send → cases row visible, p99 (paced ${RATE}/s)`, value: ms(percentile(pacedLatencies, 99)), target: '<= 50 ms' },
  ],
);

// ---------------------------------------------------------------------------------------------
// 2. The case list at a million cases.

const GUILD = '100000000000000077';
const MODERATORS = 50;
const MEMBERS = 200_000;
const DAYS = 730;

/** Generated rows: half warnings, skewed moderators, 200k members, two years of cases, 1 in 10 with a note, 1% hidden. */
const fill = (from: number, to: number): string => `
INSERT INTO rm_cases.cases (guild_id, case_number, stream_id, request_id, action, origin, status, outcome, target_id, target_name,
  moderator_kind, moderator_id, moderator_name, reason, notes_text, note_count, evidence_count, hidden, bulk_id, duration_seconds,
  expires_at, expiry_status, ended_how, ended_at, requested_at, opened_at, updated_at, version, last_position, state)
SELECT '${GUILD}', n, 'moderation.case.${GUILD}-' || n, 'req-' || n, a.action, 'guildhall',
  CASE WHEN a.action IN ('ban', 'timeout') THEN (ARRAY['active', 'expired', 'lifted', 'failed'])[1 + n % 4] ELSE 'closed' END,
  'done', (300000000000000000 + (n::int8 * 7919) % ${MEMBERS})::text, NULL,
  'dashboard-user', (200000000000000000 + floor(${MODERATORS} * random() ^ 2))::int8::text, 'moderator',
  (ARRAY['spamming invite links', 'off-topic flooding', 'rude to newcomers', 'raid account', 'scam DMs', 'advertising crypto'])[1 + n % 6] || ' case-' || n,
  CASE WHEN n % 10 = 0 THEN 'note ' || md5(n::text) ELSE '' END, (n % 10 = 0)::int, 0, n % 100 = 0, NULL, NULL,
  NULL, NULL, NULL, NULL, t, t, t, n, n, '{}'::jsonb
FROM generate_series(${from}, ${to}) AS n,
LATERAL (SELECT timestamptz '2024-01-01' + (n::float8 / ${QUERY_ROWS}) * interval '${DAYS} days' AS t) ts,
LATERAL (SELECT CASE WHEN n % 100 < 50 THEN 'warn' WHEN n % 100 < 70 THEN 'timeout' WHEN n % 100 < 80 THEN 'ban'
                     WHEN n % 100 < 90 THEN 'kick' WHEN n % 100 < 97 THEN 'note' WHEN n % 100 < 99 THEN 'unban' ELSE 'untimeout' END AS action) a`;

const rnd = (n: number): number => Math.floor(Math.random() * n);
const moderator = (): string => String(200000000000000000n + BigInt(Math.floor(MODERATORS * Math.random() ** 2)));
const member = (): string => String(300000000000000000n + BigInt(rnd(MEMBERS)));
const someDay = (): Date => new Date(Date.parse('2024-01-01') + rnd(DAYS - 7) * 86_400_000);
const week = (): { from: Date; to: Date } => {
  const from = someDay();
  return { from, to: new Date(from.getTime() + 7 * 86_400_000) };
};
const shapes: Readonly<Record<string, () => CaseListFilter>> = {
  'newest 50': () => ({ guildId: GUILD }),
  'type = ban': () => ({ guildId: GUILD, type: 'ban' }),
  'status in (expired, lifted)': () => ({ guildId: GUILD, status: ['expired', 'lifted'] }),
  'one moderator': () => ({ guildId: GUILD, moderatorId: moderator() }),
  'one target': () => ({ guildId: GUILD, targetId: member() }),
  'a random week': () => ({ guildId: GUILD, ...week() }),
  'type + moderator + week': () => ({ guildId: GUILD, type: 'warn', moderatorId: moderator(), ...week() }),
  'text "invite links"': () => ({ guildId: GUILD, text: 'invite links' }),
  'text "case-<n>"': () => ({ guildId: GUILD, text: `case-${1 + rnd(QUERY_ROWS)}` }),
};

const queryDb = `gh_bench_caseq_${run}`;
await ensureDatabase(urlOf(queryDb));
const qpool = new pg.Pool({ connectionString: urlOf(queryDb), max: 2 });
const queryRows: Record<string, string | number>[] = [];
const all: number[] = [];
try {
  await migrate(qpool, [casesProjection], logger);
  const fillStart = performance.now();
  for (let from = 1; from <= QUERY_ROWS; from += 100_000) await qpool.query(fill(from, Math.min(QUERY_ROWS, from + 99_999)));
  await qpool.query('VACUUM ANALYZE rm_cases.cases');
  console.log(`\nfilled ${QUERY_ROWS.toLocaleString('en-US')} cases in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`);

  const timed = async (filter: CaseListFilter): Promise<{ ms: number; next: string | null }> => {
    const t = performance.now();
    const page = await listCases(qpool, filter);
    return { ms: performance.now() - t, next: page.nextCursor };
  };
  for (const [name, make] of Object.entries(shapes)) {
    for (let i = 0; i < 10; i++) await timed(make());
    const times: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) times.push((await timed(make())).ms);
    times.sort((a, b) => a - b);
    all.push(...times);
    queryRows.push({ query: name, p50: ms(percentile(times, 50)), p99: ms(percentile(times, 99)) });
  }
  // Paging: the next page of a filtered list, from the cursor of the page before.
  const pages: number[] = [];
  for (let i = 0; i < QUERY_RUNS / 10; i++) {
    const filter = { guildId: GUILD, type: (['warn', 'kick', 'timeout'] as const)[rnd(3)]!, to: someDay() };
    let cursor = (await timed(filter)).next;
    for (let p = 0; p < 10 && cursor; p++) {
      const r = await timed({ ...filter, cursor });
      pages.push(r.ms);
      cursor = r.next;
    }
  }
  pages.sort((a, b) => a - b);
  all.push(...pages);
  if (pages.length > 0) queryRows.push({ query: 'next page (cursor)', p50: ms(percentile(pages, 50)), p99: ms(percentile(pages, 99)) });
} finally {
  await qpool.end();
  await dropDatabase(queryDb);
}
all.sort((a, b) => a - b);
queryRows.push({ query: 'all shapes', p50: ms(percentile(all, 50)), p99: ms(percentile(all, 99)), target: '<= 10 ms' });
printTable(
  `bench/cases: listCases at ${QUERY_ROWS.toLocaleString('en-US')} cases in one guild (${QUERY_RUNS} runs per shape, 50 rows per page)`,
  queryRows.map((r) => ({ target: '', ...r })),
);
await nc.close();
