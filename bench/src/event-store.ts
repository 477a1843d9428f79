/**
 * bench/event-store: appends/s through the JetStream adapter (with OCC) vs raw JetStream async
 * publish, and projection rebuild events/s into PostgreSQL vs a raw ordered-consumer read of
 * the same events. Prints figures and ratios; asserts nothing.
 *   npm run bench:event-store            (BENCH_EVENTS=50000 by default)
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NewEvent } from '@guildhall/kernel';
import { deterministicId } from '@guildhall/kernel';
import {
  connectNats,
  createLogger,
  ensureDatabase,
  JetStreamEventStore,
  loadCommonSettings,
  rebuildProjection,
} from '@guildhall/eventing';
import pg from 'pg';
import { benchProjection } from './bench-projection.js';
import { rawOrderedRead, rawPublish } from './raw-jetstream.js';
import { perSecond, printTable, ratio, time } from './table.js';

const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const STREAMS = 1_000;
const WINDOW = 256;
const run = Date.now().toString(36);
const settings = loadCommonSettings();
const logger = createLogger('bench', 'warn');
const nc = await connectNats(settings.NATS_URL, 'bench-event-store');
const jsm = await jetstreamManager(nc);

const event = (i: number): NewEvent => ({
  id: deterministicId('bench', run, i),
  type: 'MemberWarned',
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  guildId: `g${i % 10}`,
  actor: { kind: 'dashboard-user', id: 'u-42', name: 'Ann Moderator' },
  source: 'web',
  correlationId: deterministicId('corr', run, i),
  causationId: deterministicId('cause', run, i),
  payload: { caseNumber: i, userId: `${100_000 + (i % STREAMS)}`, reason: 'spamming links in #general' },
});

// 1. Raw JetStream async publish of commit-sized messages, pipelined.
const rawStream = `BENCH_RAW_${run}`;
await jsm.streams.add({ name: rawStream, subjects: [`braw${run}.>`] });
const sample = new TextEncoder().encode(JSON.stringify({ commitId: 'x', events: [event(0)] }));
const raw = await time(() => rawPublish(nc, (i) => `braw${run}.ctx.s.${i % STREAMS}`, () => sample, N, WINDOW));

// 2. The adapter: N appends over STREAMS streams, each with its expected version (OCC), with
//    up to WINDOW appends in flight (one per stream at a time, as a real writer would).
const esStream = `BENCH_ES_${run}`;
const store = await JetStreamEventStore.create({ nc, streamName: esStream, subjectPrefix: `bes${run}`, logger });
const versions = new Array<number>(STREAMS).fill(0);
const adapter = await time(async () => {
  const chains = new Array<Promise<void>>(STREAMS).fill(Promise.resolve());
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < N; i++) {
    const s = i % STREAMS;
    const p = chains[s]!.then(async () => {
      const r = await store.append(`ctx.s.${s}`, [event(i)], versions[s]!);
      versions[s] = r.version;
    });
    chains[s] = p;
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    if (inflight.size >= WINDOW) await Promise.race(inflight);
  }
  await Promise.all(inflight);
});

// 3. Raw ordered-consumer read of the adapter's events (decode only).
const rawRead = await time(() => rawOrderedRead(nc, esStream, `bes${run}.>`));

// 4. Rebuild of a one-row-per-event projection from position 0 into PostgreSQL.
const dbUrl = new URL(settings.DATABASE_URL);
dbUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: dbUrl.toString() });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS guildhall_bench');
await admin.end();
dbUrl.pathname = '/guildhall_bench';
await ensureDatabase(dbUrl.toString());
const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 4 });
// Time spent inside the projection's apply (PostgreSQL), to show where a rebuild's time goes.
let applyMs = 0;
const timedProjection = {
  ...benchProjection,
  apply: async (...args: Parameters<typeof benchProjection.apply>) => {
    const t = performance.now();
    await benchProjection.apply(...args);
    applyMs += performance.now() - t;
  },
};
const rebuild = await time(() =>
  rebuildProjection(timedProjection, { nc, pool, streamName: esStream, subjectPrefix: `bes${run}`, logger }),
);
const rows = (await pool.query('SELECT count(*)::int AS n FROM rm_bench_events.events')).rows[0] as { n: number };

const rawPub = perSecond(N, raw.ms);
const appends = perSecond(N, adapter.ms);
const reads = perSecond(rawRead.result, rawRead.ms);
const rebuilds = perSecond(rows.n, rebuild.ms);
printTable(`bench/event-store: ${N.toLocaleString('en-US')} events, ${STREAMS} streams, window ${WINDOW} (nats-server ${nc.info?.version})`, [
  { measure: 'raw JetStream async publish', 'per second': rawPub, ratio: '', target: '' },
  { measure: 'adapter append (OCC, dedupe id)', 'per second': appends, ratio: ratio(appends, rawPub), target: '>= 50% of raw publish' },
  { measure: 'raw ordered-consumer read', 'per second': reads, ratio: '', target: '' },
  { measure: 'projection rebuild into PostgreSQL', 'per second': rebuilds, ratio: ratio(rebuilds, reads), target: '>= 25,000/s and >= 50% of raw read' },
]);
console.log(`rows in rm_bench_events.events: ${rows.n.toLocaleString('en-US')} (expected ${N.toLocaleString('en-US')})`);
console.log(`rebuild: ${Math.round(rebuild.ms)} ms in all, ${Math.round(applyMs)} ms inside the projection's INSERTs`);

await pool.end();
await store.close();
for (const s of [rawStream, esStream]) await jsm.streams.delete(s);
await nc.close();
