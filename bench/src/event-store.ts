/**
 * bench/event-store: appends/s through the JetStream adapter (with OCC) vs raw JetStream async
 * publish (chain off; chain on = writer seal + the chainer linking concurrently; option A = a
 * per-guild head moved with OCC after each append), chainer catch-up and verify events/s, and projection rebuild events/s into PostgreSQL vs a raw ordered-consumer read of
 * the same events. Prints figures and ratios; asserts nothing.
 *   npm run bench:event-store            (BENCH_EVENTS=50000 by default)
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NewEvent } from '@guildhall/kernel';
import { deterministicId } from '@guildhall/kernel';
import {
  auditNames,
  auditSecret,
  Chainer,
  connectNats,
  createSealer,
  createLogger,
  ensureDatabase,
  JetStreamEventStore,
  loadCommonSettings,
  readAuditRecords,
  readRawComplete,
  rebuildProjection,
  verifyAudit,
  verifyStore,
  type StoredMessage,
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
//    `after` runs after each append, in the same per-stream order (option A's head update).
const appendAll = async (store: JetStreamEventStore, after?: (i: number) => Promise<void>) => {
  const versions = new Array<number>(STREAMS).fill(0);
  return time(async () => {
    const chains = new Array<Promise<void>>(STREAMS).fill(Promise.resolve());
    const inflight = new Set<Promise<void>>();
    for (let i = 0; i < N; i++) {
      const s = i % STREAMS;
      const p = chains[s]!.then(async () => {
        const r = await store.append(`ctx.s.${s}`, [event(i)], versions[s]!);
        versions[s] = r.version;
        await after?.(i);
      });
      chains[s] = p;
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (inflight.size >= WINDOW) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  });
};

// 2a. Chain off: no writer seal, no chainer.
const esStream = `BENCH_ES_${run}`;
const store = await JetStreamEventStore.create({ nc, streamName: esStream, subjectPrefix: `bes${run}`, logger, sealer: false });
const adapter = await appendAll(store);

// 2b. Chain on (what the platform runs): sealed appends while the one chainer links them
//     concurrently (option B: the chain computed over the global order by a single chainer).
const secret = auditSecret('bench-audit-secret-0123456789');
const chainStream = `BENCH_CH_${run}`;
const chained = await JetStreamEventStore.create({ nc, streamName: chainStream, subjectPrefix: `bch${run}`, logger, sealer: createSealer(secret.sealKey) });
const chainer = await Chainer.open({ nc, streamName: chainStream, subjectPrefix: `bch${run}`, secret, logger });
chainer.start(500); // the audit service's default poll (AUDIT_POLL_MS)
const chainOn = await appendAll(chained);
const lagStart = performance.now();
while (chainer.lastPosition < N) await new Promise((r) => setTimeout(r, 10));
const chainLagMs = performance.now() - lagStart;
await chainer.stop();

// 2b'. The append path's own cost of the chain: the writer seal alone (no chainer competing for the 2 cores).
const sealStream = `BENCH_SL_${run}`;
const sealOnly = await appendAll(await JetStreamEventStore.create({ nc, streamName: sealStream, subjectPrefix: `bsl${run}`, logger, sealer: createSealer(secret.sealKey) }));

// 2c. Option A for comparison: after each append, move the guild's chain head on a per-guild
//     subject with OCC (expected last subject sequence), appends of one guild serialised on it.
const optStream = `BENCH_OA_${run}`;
const optStore = await JetStreamEventStore.create({ nc, streamName: optStream, subjectPrefix: `boa${run}`, logger, sealer: false });
await jsm.streams.add({ name: `${optStream}_HEAD`, subjects: [`boah${run}.>`] });
const js = jetstream(nc);
const headSeq = new Map<string, number>();
const headLock = new Map<string, Promise<void>>();
const optionA = await appendAll(optStore, async (i) => {
  const g = `g${i % 10}`;
  const prev = headLock.get(g) ?? Promise.resolve();
  const next = prev.then(async () => {
    const ack = await js.publish(`boah${run}.${g}`, 'h'.repeat(64), { expect: { lastSubjectSequence: headSeq.get(g) ?? 0 } });
    headSeq.set(g, ack.seq);
  });
  headLock.set(g, next);
  await next;
});

// 2d. The chainer catching up on a store it never saw (all N adopted), and `npm run verify` on the chained store.
const catchUpChainer = await Chainer.open({ nc, streamName: esStream, subjectPrefix: `bes${run}`, secret, logger });
const catchUp = await time(() => catchUpChainer.catchUp());
const verified = await time(() => verifyStore(nc, { streamName: chainStream, subjectPrefix: `bch${run}`, secret }));
// Where verify's time goes (the same three steps verifyStore takes): the chain and audit records,
// the events' bytes, and the checks (parse, seal, canonical form, hash) in CPU alone.
const verifyNames = auditNames(chainStream, `bch${run}`);
const phaseRecords = await time(() => readAuditRecords(js, jsm, verifyNames));
const storedEvents: StoredMessage[] = [];
const phaseRead = await time(() => readRawComplete(js, jsm, { stream: chainStream, toSeq: N }, (m) => storedEvents.push(m)));
const phaseCheck = await time(async () => verifyAudit({ names: verifyNames, events: storedEvents, records: phaseRecords.result, secret }));

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
const chainOnRate = perSecond(N, chainOn.ms);
const optionARate = perSecond(N, optionA.ms);
const sealOnlyRate = perSecond(N, sealOnly.ms);
const catchUpRate = perSecond(catchUp.result, catchUp.ms);
const verifyRate = perSecond(verified.result.events, verified.ms);
const reads = perSecond(rawRead.result, rawRead.ms);
const rebuilds = perSecond(rows.n, rebuild.ms);
printTable(`bench/event-store: ${N.toLocaleString('en-US')} events, ${STREAMS} streams, window ${WINDOW} (nats-server ${nc.info?.version})`, [
  { measure: 'raw JetStream async publish', 'per second': rawPub, ratio: '', target: '' },
  { measure: 'adapter append, chain off (OCC, dedupe id)', 'per second': appends, ratio: ratio(appends, rawPub), target: '>= 50% of raw publish' },
  { measure: 'adapter append, chain on (seal + chainer running)', 'per second': chainOnRate, ratio: ratio(chainOnRate, appends), target: '>= 90% of chain off' },
  { measure: 'adapter append, writer seal only (no chainer)', 'per second': sealOnlyRate, ratio: ratio(sealOnlyRate, appends), target: '>= 90% of chain off' },
  { measure: 'option A: append + per-guild head OCC', 'per second': optionARate, ratio: ratio(optionARate, appends), target: '(comparison)' },
  { measure: 'chainer catch-up (links written)', 'per second': catchUpRate, ratio: '', target: '' },
  { measure: 'npm run verify (verifyStore)', 'per second': verifyRate, ratio: '', target: '>= 100,000/s' },
  { measure: 'raw ordered-consumer read', 'per second': reads, ratio: '', target: '' },
  { measure: 'projection rebuild into PostgreSQL', 'per second': rebuilds, ratio: ratio(rebuilds, reads), target: '>= 25,000/s and >= 50% of raw read' },
]);
console.log(`rows in rm_bench_events.events: ${rows.n.toLocaleString('en-US')} (expected ${N.toLocaleString('en-US')})`);
// The seal's CPU cost alone, which is robust to a busy machine: HMAC over subject + commit bytes.
const sealer = createSealer(secret.sealKey);
const commitBytes = JSON.stringify({ commitId: 'x', events: [event(0)] });
const sealTime = await time(async () => {
  for (let i = 0; i < N; i++) sealer.seal(`bch${run}.ctx.s.${i % STREAMS}`, commitBytes);
});
const sealUs = (sealTime.ms * 1000) / N;
const appendUs = 1e6 / appends;
console.log(`writer seal: ${sealUs.toFixed(1)} µs of CPU per append = ${((sealUs / appendUs) * 100).toFixed(1)}% of a chain-off append (${appendUs.toFixed(0)} µs each at ${appends.toLocaleString('en-US')}/s)`);
console.log(`chain on: the chainer was ${Math.round(chainLagMs)} ms behind the last append; verify: ok=${verified.result.ok}, ${verified.result.events.toLocaleString('en-US')} events in ${Math.round(verified.ms)} ms`);
console.log(
  `verify phases: chain+audit records ${Math.round(phaseRecords.ms)} ms, events read ${Math.round(phaseRead.ms)} ms (${perSecond(storedEvents.length, phaseRead.ms).toLocaleString('en-US')}/s), checks ${Math.round(phaseCheck.ms)} ms (${perSecond(phaseCheck.result.events, phaseCheck.ms).toLocaleString('en-US')}/s of CPU)`,
);
console.log(`rebuild: ${Math.round(rebuild.ms)} ms in all, ${Math.round(applyMs)} ms inside the projection's INSERTs`);

await pool.end();
await store.close();
for (const s of [rawStream, esStream, `${esStream}_CHAIN`, `${esStream}_AUDIT`, chainStream, `${chainStream}_CHAIN`, `${chainStream}_AUDIT`, optStream, `${optStream}_HEAD`, sealStream]) {
  await jsm.streams.delete(s).catch(() => undefined);
}
await chained.close();
await optStore.close();
await nc.close();
