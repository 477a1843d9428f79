/**
 * bench/music-control: the music session's control path without audio (the voice branch's
 * bench/music measures what is heard). Prints; asserts nothing.
 *   npm run bench:music-control            (BENCH_MUSIC_COMMANDS=300)
 * 1. pure: decide + evolve of the session decider on a 100-entry queue (decisions/s), and a
 *    fold of a long session history (events/s) — what every command and every restart costs;
 * 2. live, on the shared NATS + PostgreSQL under names of its own: a control command (pause /
 *    resume alternating on a playing session) → accepted by the music handler on the real bus and
 *    JetStream store, and → the `music_session` read model committed (its `rm.<guild>.music_session`
 *    notice, which the dashboard's SSE forwards), p50/p99 over sequential commands.
 */
import { randomBytes } from 'node:crypto';
import { CachingEventStore, CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, migrate, ProjectionRunner } from '@guildhall/eventing';
import { deleteStreams, uniqueNames } from '@guildhall/eventing/testing';
import { fold, newId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { musicSessionDecider, musicSessionSlice, type MusicSessionCommand, type MusicSessionEvent, type MusicSessionState } from '@guildhall/music';
import { register } from '@guildhall/music/handler';
import { musicSessionProjection } from '@guildhall/projections';
import pg from 'pg';
import { perSecond, printTable } from './table.js';

const N = Number(process.env.BENCH_MUSIC_COMMANDS ?? 300);
const logger = createLogger('bench-music', process.env.BENCH_LOG_LEVEL ?? 'warn');
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const baseDb = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const guildId = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
const FUZZY: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Fuzzy River' };
const VOICE = '700000000000000001';
const track = (n: number) => ({ trackId: `t-${n}`, title: `Track ${n}`, artist: null, durationMs: 3_600_000, origin: 'library', location: `/lib/${n}.ogg` });

const envelope = (type: string, payload: unknown, at = new Date().toISOString()): CommandEnvelope => {
  const id = newId();
  return { id, type, issuedAt: at, guildId, actor: FUZZY, source: 'slash-command', correlationId: id, causationId: null, payload };
};
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(2));
};

// 1. pure
const history: MusicSessionEvent[] = [];
let state: MusicSessionState = musicSessionDecider.initialState();
const apply = (c: MusicSessionCommand) => {
  for (const e of musicSessionDecider.decide(c, state)) {
    history.push(e);
    state = musicSessionDecider.evolve(state, e);
  }
};
for (let i = 0; i < 100; i++) apply(musicSessionSlice.toCommand(envelope('QueueTrack', { invoker: { voiceChannelId: VOICE }, track: track(i) })));
const skip = musicSessionSlice.toCommand(envelope('MoveQueueEntry', { invoker: { voiceChannelId: VOICE }, from: 99, to: 1 }));
const M = 20_000;
let t = performance.now();
for (let i = 0; i < M; i++) musicSessionDecider.decide(skip, state).forEach((e) => musicSessionDecider.evolve(state, e));
const decideMs = performance.now() - t;
while (history.length < 10_000) {
  apply(musicSessionSlice.toCommand(envelope('PausePlayback', { invoker: { voiceChannelId: VOICE } })));
  apply(musicSessionSlice.toCommand(envelope('ResumePlayback', { invoker: { voiceChannelId: VOICE } })));
}
t = performance.now();
fold(musicSessionDecider, history);
const foldMs = performance.now() - t;
printTable('music session decider (pure, 100-entry queue)', [
  { what: 'decide + evolve MoveQueueEntry', count: M, ms: Math.round(decideMs), perSecond: perSecond(M, decideMs) },
  { what: `fold ${history.length} events (a restart / a reload)`, count: history.length, ms: Math.round(foldMs), perSecond: perSecond(history.length, foldMs) },
]);

// 2. live
const names = uniqueNames('benchmusic');
const nc = await connectNats(natsUrl, 'bench-music');
const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
const bus = await CommandBus.create({ nc, logger, ...names.bus });
const database = `gh_bench_music_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(baseDb);
dbUrl.pathname = `/${database}`;
await ensureDatabase(dbUrl.toString());
const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 4 });
await migrate(pool, [musicSessionProjection], logger);
const runner = new ProjectionRunner(musicSessionProjection, { nc, pool, ...names.events, logger, idleWaitMs: 1_000, lagLogIntervalMs: 0 });
runner.start();
// As the music service runs it: deciding on the caching store.
const handler = await register(bus, new CachingEventStore(store));
const projected = new Map<number, () => void>();
let seen = 0;
const sub = nc.subscribe(`rm.${guildId}.music_session`, {
  callback: (_e, m) => {
    const { position } = m.json<{ position: number }>();
    seen = Math.max(seen, position);
    for (const [p, done] of projected) if (p <= seen) (projected.delete(p), done());
  },
});
try {
  const first = await bus.send(envelope('QueueTrack', { invoker: { voiceChannelId: VOICE }, track: track(1) }), { context: 'music', waitMs: 10_000 });
  if (first.status !== 'accepted') throw new Error(`queue: ${JSON.stringify(first)}`);
  const accepted: number[] = [];
  const toReadModel: number[] = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    const r = await bus.send(envelope(i % 2 === 0 ? 'PausePlayback' : 'ResumePlayback', { invoker: { voiceChannelId: VOICE } }), { context: 'music', waitMs: 10_000 });
    if (r.status !== 'accepted') throw new Error(`control ${i}: ${JSON.stringify(r)}`);
    accepted.push(performance.now() - start);
    await new Promise<void>((resolve) => (r.position <= seen ? resolve() : projected.set(r.position, resolve)));
    toReadModel.push(performance.now() - start);
  }
  printTable(`music control, ${N} sequential commands (real NATS JetStream + PostgreSQL)`, [
    { path: 'command → accepted (bus, handler, store)', p50ms: pct(accepted, 50), p99ms: pct(accepted, 99), maxms: pct(accepted, 100) },
    { path: 'command → music_session committed (rm notice)', p50ms: pct(toReadModel, 50), p99ms: pct(toReadModel, 99), maxms: pct(toReadModel, 100) },
  ]);
} finally {
  sub.unsubscribe();
  await handler.stop();
  await runner.stop();
  await bus.close();
  await store.close();
  await deleteStreams(nc, names);
  await nc.close();
  await pool.end();
  const admin = new pg.Client({ connectionString: new URL('/postgres', baseDb).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => admin.end());
}
