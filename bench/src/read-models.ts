/**
 * How fast each read model rebuilds: appends N moderation cases (each opened, sent to Discord and
 * confirmed, the events made by the moderation context's own case decider) plus a join per
 * target to a throwaway events stream, then rebuilds every read model from position 0 and prints
 * events/s. Prints figures only.
 *
 *   npm run bench:read-models -- [cases]
 */
import { connectNats, createLogger, JetStreamEventStore, migrate, rebuildProjection } from '@guildhall/eventing';
import { deterministicId, newId, type Actor, type NewEvent } from '@guildhall/kernel';
import { caseDecider, caseStreamId, type CaseCommand, type CaseEvent } from '@guildhall/moderation';
import pg from 'pg';
import { allProjections } from '@guildhall/projections';

const CASES = Number(process.argv[2] ?? 20_000);
const GUILD = '100000000000000001';
const MOD: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const urlOf = (db: string) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();

const meta = (n: number, now: string) => ({
  commandId: `bench-${n}-${now}`,
  now,
  guildId: GUILD,
  actor: MOD,
  source: 'web' as const,
  correlationId: `corr-${n}`,
  causationId: null,
});

const envelopes = (events: readonly CaseEvent[], n: number, now: string): NewEvent[] =>
  events.map((e, i) => ({
    id: deterministicId('bench', n, now, i),
    type: e.type,
    schemaVersion: 1,
    occurredAt: now,
    guildId: GUILD,
    actor: MOD,
    source: 'web',
    correlationId: `corr-${n}`,
    causationId: null,
    payload: e.data,
  }));

const main = async () => {
  const id = newId().replaceAll('-', '').slice(0, 10);
  const db = `gh_bench_${id}`;
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const pool = new pg.Pool({ connectionString: urlOf(db), max: 4 });
  pool.on('error', () => undefined);
  const nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench-rebuild');
  const logger = createLogger('bench', 'warn');
  const streamName = `BENCH_RM_${id}`;
  const subjectPrefix = `bench_rm_${id}`;
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger });
  try {
    const t0 = Date.now();
    let events = 0;
    const window = 64;
    for (let from = 1; from <= CASES; from += window) {
      const batch: Promise<unknown>[] = [];
      for (let n = from; n < Math.min(CASES + 1, from + window); n++) {
        const now = new Date(Date.parse('2026-01-01T00:00:00Z') + n * 60_000).toISOString();
        const target = { id: String(300000000000000000n + BigInt(n % 5000)), name: `member${n % 5000}` };
        const action = n % 2 === 0 ? 'warn' : 'ban';
        const request = {
          requestId: `req-${n}`, origin: 'guildhall' as const, action, target, moderator: MOD, reason: `reason ${n}`,
          durationSeconds: action === 'ban' ? 86_400 : null, expiresAt: action === 'ban' ? new Date(Date.parse(now) + 86_400_000).toISOString() : null,
          deleteMessageSeconds: action === 'ban' ? 0 : null, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: now,
        } as const;
        const open: CaseCommand = { type: 'OpenCase', data: { caseNumber: n, request }, meta: meta(n, now) };
        let state = caseDecider.initialState();
        const opened = caseDecider.decide(open, state);
        for (const e of opened) state = caseDecider.evolve(state, e);
        const all = [...opened];
        if (action === 'ban') {
          const ok: CaseCommand = { type: 'RecordDiscordActionSucceeded', data: { caseNumber: n, actionId: `case-${n}-sanction` }, meta: meta(n, now) };
          all.push(...caseDecider.decide(ok, state));
        }
        events += all.length;
        batch.push(store.append(caseStreamId(GUILD, n), envelopes(all, n, now), 'any'));
      }
      await Promise.all(batch);
    }
    process.stdout.write(`appended ${CASES} cases, ${events} events in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    await migrate(pool, allProjections, logger);
    for (const p of allProjections) {
      const r = await rebuildProjection(p, { nc, pool, streamName, subjectPrefix, logger, progressIntervalMs: 60_000 });
      process.stdout.write(
        `${p.name.padEnd(16)} ${r.events} events read, ${String(r.eventsApplied).padStart(6)} applied in ${(r.elapsedMs / 1000).toFixed(1)} s: ${r.eventsPerSecond} events/s\n`,
      );
    }
  } finally {
    await store.close();
    await nc.request(`$JS.API.STREAM.DELETE.${streamName}`).catch(() => undefined);
    await nc.close();
    await pool.end();
    await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    await admin.end();
  }
};

await main();
