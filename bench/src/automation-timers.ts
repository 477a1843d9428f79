/**
 * bench/automation-timers: BENCH_TIMERS (10,000) one-off schedules pending at once, due spread
 * over BENCH_TIMERS_SPREAD_S seconds, fired by the real scheduler (the `automation_timers` read
 * model + the platform’s TimerScheduler, tick SCHEDULER_TICK_MS), which decides FireSchedule in-process on the
 * cached store as the service does. A timer "fires" when its ScheduleRunStarted is stored: lateness = the moment this
 * process sees that append (core NATS on the stream's subject) − its due time. Prints p50/p99/max
 * lateness and how many fired within 1 s, beside the target (p99 ≤ 1 s); asserts nothing.
 * Real NATS and PostgreSQL, names and a database of its own, dropped after.
 *   npm run bench:automation-timers   (BENCH_TIMERS=10000 BENCH_TIMERS_SPREAD_S=20 SCHEDULER_TICK_MS=250)
 */
import { loadavg } from 'node:os';
import { automationHandler } from '@guildhall/automation/handler';
import { startScheduleScheduler } from '@guildhall/automation/runtime';
import { CachingEventStore, CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, loadCommonSettings } from '@guildhall/eventing';
import { newId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import pg from 'pg';
import { z } from 'zod';
import { databaseUrl, dropDatabase, percentile } from './support.js';
import { perSecond, printTable } from './table.js';

const TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
const SPREAD_S = Number(process.env.BENCH_TIMERS_SPREAD_S ?? 20);
const CREATE_WINDOW = 64;

const settings = loadCommonSettings();
const logger = createLogger('bench', 'warn');
const run = newId().replaceAll('-', '').slice(0, 8);
const names = {
  events: { streamName: `EV_bench_${run}`, subjectPrefix: `es_bench_${run}` },
  bus: { streamName: `CMD_bench_${run}`, subjectPrefix: `cmd_bench_${run}`, deadLetterStream: `DLQ_bench_${run}`, deadLetterPrefix: `dlq_bench_${run}`, resultsBucket: `RES_bench_${run}` },
};
const db = `gh_bench_timers_${run}`;
const url = databaseUrl(settings.DATABASE_URL, db);
await ensureDatabase(url);
const pool = new pg.Pool({ connectionString: url, max: 8 });
const nc = await connectNats(settings.NATS_URL, 'bench-automation-timers');
const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
const bus = await CommandBus.create({ nc, logger, ...names.bus });
// As the service runs it: deciding on what is cached, reading only what came after it.
const handle = automationHandler(new CachingEventStore(store));
const consumer = await bus.handle('automation', handle, { concurrency: 64 });
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Bench' };
const GUILD = '100000000000000001';

// What the bench sees of each append: ScheduleRunStarted's due time, when it arrives.
const CommitSeen = z.object({ events: z.array(z.object({ type: z.string(), payload: z.unknown() })) });
const lateness: number[] = [];
const sub = nc.subscribe(`${names.events.subjectPrefix}.automation.schedule.>`);
const seen = (async () => {
  for await (const m of sub) {
    const at = Date.now();
    const parsed = CommitSeen.safeParse(JSON.parse(new TextDecoder().decode(m.data)));
    if (!parsed.success) continue;
    for (const e of parsed.data.events) {
      if (e.type !== 'ScheduleRunStarted') continue;
      const dueAt = (e.payload as { dueAt?: string }).dueAt;
      if (dueAt) lateness.push(at - Date.parse(dueAt));
    }
  }
})();

// 1. TIMERS schedules, due from `base` on, created by the decider itself (local handler, a window at a time).
const createBudgetS = Math.max(20, Math.ceil(TIMERS / 250));
const base = Date.now() + createBudgetS * 1000;
const createStart = Date.now();
let refused = 0;
let next = 0;
await Promise.all(
  Array.from({ length: CREATE_WINDOW }, async () => {
    for (;;) {
      const i = next++;
      if (i >= TIMERS) return;
      const at = new Date(base + Math.floor((i / TIMERS) * SPREAD_S * 1000)).toISOString();
      const id = newId();
      const c: CommandEnvelope = { id, type: 'CreateSchedule', issuedAt: new Date().toISOString(), guildId: GUILD, actor: ANN, source: 'api', correlationId: id, causationId: null, payload: { scheduleId: `t${i}`, trigger: { kind: 'once', at }, action: { kind: 'message', channelId: '300000000000000001', content: `timer ${i}` } } };
      const r = await handle(c);
      if (r.status !== 'accepted') refused++;
    }
  }),
);
const createMs = Date.now() - createStart;
console.log(`created ${TIMERS - refused} schedules in ${(createMs / 1000).toFixed(1)} s (${perSecond(TIMERS, createMs)}/s)${refused ? `, ${refused} refused` : ''}; first due in ${((base - Date.now()) / 1000).toFixed(1)} s`);

// 2. The scheduler as the service runs it; it first waits for the timers read model to hold everything stored.
const scheduler = await startScheduleScheduler({ nc, store, bus, pool, ...names.events, logger, handle }, { catchUpTimeoutMs: 120_000 });
if (Date.now() > base) console.log(`warning: the timers read model caught up ${((Date.now() - base) / 1000).toFixed(1)} s after the first due time; those fire late`);
const load = loadavg().map((l) => l.toFixed(2)).join(' ');
const deadline = base + SPREAD_S * 1000 + 60_000;
while (lateness.length < TIMERS - refused && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');

const sorted = [...lateness].sort((a, b) => a - b);
const within1s = sorted.filter((l) => l <= 1_000).length;
printTable(`automation timers: ${TIMERS} pending, due over ${SPREAD_S} s (${perSecond(TIMERS, SPREAD_S * 1000)}/s), fired by the scheduler → schedule decider (in-process) → store`, [
  { figure: 'fired', value: `${sorted.length} / ${TIMERS - refused}`, target: 'all' },
  { figure: 'lateness p50', value: `${percentile(sorted, 50)} ms`, target: '' },
  { figure: 'lateness p99', value: `${percentile(sorted, 99)} ms`, target: '≤ 1000 ms' },
  { figure: 'lateness max', value: `${sorted.at(-1) ?? NaN} ms`, target: '' },
  { figure: 'fired within 1 s', value: `${((within1s / Math.max(1, sorted.length)) * 100).toFixed(1)}%`, target: '' },
  { figure: 'load average (1/5/15 min) at start / end', value: `${load} / ${loadAfter}`, target: '' },
]);
console.log(`automation-timers: ${TIMERS} timers, p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms late (target p99 ≤ 1000 ms); load ${loadAfter}`);

await scheduler.stop();
sub.unsubscribe();
await seen;
await consumer.stop();
await bus.close();
await store.close();
const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(nc);
for (const s of [names.events.streamName, names.bus.streamName, names.bus.deadLetterStream, `KV_${names.bus.resultsBucket}`]) await jsm.streams.delete(s).catch(() => undefined);
await nc.close();
await pool.end();
await dropDatabase(settings.DATABASE_URL, db);
