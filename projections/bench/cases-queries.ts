/**
 * How fast the `cases` list queries are at scale: fills a throwaway database with N cases in one
 * guild (default 1,000,000; rows written with SQL, distributions below), then runs each list
 * query shape many times with random parameters through the real query functions and prints
 * p50 / p95 / p99 / max. Prints figures only; nothing is asserted.
 *
 *   npx tsx projections/bench/cases-queries.ts [rows] [runsPerQuery]
 */
import { createLogger, migrate } from '@guildhall/eventing';
import { newId } from '@guildhall/kernel';
import pg from 'pg';
import { casesProjection } from '../src/cases.js';
import { countCases, listCases, type CaseListFilter } from '../src/cases-queries.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 200);
const GUILD = '100000000000000001';
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const urlOf = (db: string) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: urlOf('postgres') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

/**
 * Realistic skew: half the cases are warnings, a few moderators do most of the work (50 of
 * them, squared-uniform pick), 200k distinct members, two years of cases in number order,
 * reasons from a vocabulary plus a numbered token, notes on one case in ten, 1% hidden.
 */
const FILL = (schema: string, from: number, to: number) => `
INSERT INTO ${schema}.cases (guild_id, case_number, stream_id, request_id, action, origin, status, outcome, target_id, target_name,
  moderator_kind, moderator_id, moderator_name, reason, notes_text, note_count, evidence_count, hidden, bulk_id, duration_seconds,
  expires_at, expiry_status, ended_how, ended_at, requested_at, opened_at, updated_at, version, last_position, state)
SELECT '${GUILD}', n, 'moderation.case.${GUILD}-' || n, 'req-' || n, a.action, 'guildhall',
  CASE WHEN a.action IN ('ban','timeout') THEN (ARRAY['active','expired','lifted','failed'])[1 + (n % 4)]
       WHEN n % 50 = 0 THEN 'failed' ELSE 'closed' END,
  'done', (300000000000000000 + (n::int8 * 7919) % 200000)::text, 'member' || ((n::int8 * 7919) % 200000),
  'discord-user', (200000000000000000 + floor(50 * random() ^ 2))::int8::text, 'mod',
  (ARRAY['spamming invite links','off-topic flooding','rude to newcomers','posting NSFW in general','ban evasion suspicion',
         'raid account','scam DMs','slurs in voice chat','impersonating staff','advertising crypto'])[1 + (n % 10)] || ' ref' || n,
  CASE WHEN n % 10 = 0 THEN 'follow-up note ' || md5(n::text) ELSE '' END, (n % 10 = 0)::int, 0, n % 100 = 0, NULL, NULL,
  NULL, NULL, NULL, NULL,
  timestamptz '2024-01-01' + (n::float8 / ${ROWS}) * interval '730 days',
  timestamptz '2024-01-01' + (n::float8 / ${ROWS}) * interval '730 days',
  timestamptz '2024-01-01' + (n::float8 / ${ROWS}) * interval '730 days', n, n, '{}'::jsonb
FROM generate_series(${from}, ${to}) AS n,
LATERAL (SELECT CASE WHEN n % 100 < 50 THEN 'warn' WHEN n % 100 < 70 THEN 'timeout' WHEN n % 100 < 80 THEN 'ban'
                     WHEN n % 100 < 90 THEN 'kick' WHEN n % 100 < 97 THEN 'note' WHEN n % 100 < 99 THEN 'unban' ELSE 'untimeout' END AS action) a`;

const rnd = (n: number) => Math.floor(Math.random() * n);
const mod = () => String(200000000000000000n + BigInt(Math.floor(50 * Math.random() ** 2)));
const target = () => String(300000000000000000n + BigInt(rnd(200_000)));
const day = () => new Date(Date.parse('2024-01-01') + rnd(723) * 86_400_000);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

const shapes: Readonly<Record<string, () => CaseListFilter>> = {
  'newest 50': () => ({ guildId: GUILD }),
  'type = ban': () => ({ guildId: GUILD, type: 'ban' }),
  'type = untimeout (1%)': () => ({ guildId: GUILD, type: 'untimeout' }),
  'status = active': () => ({ guildId: GUILD, status: 'active' }),
  'status in (expired, lifted)': () => ({ guildId: GUILD, status: ['expired', 'lifted'] }),
  'moderator': () => ({ guildId: GUILD, moderatorId: mod() }),
  'target': () => ({ guildId: GUILD, targetId: target() }),
  'opened in a random week': () => {
    const from = day();
    return { guildId: GUILD, from, to: new Date(from.getTime() + 7 * 86_400_000) };
  },
  'type + moderator': () => ({ guildId: GUILD, type: pick(['warn', 'ban', 'kick'] as const), moderatorId: mod() }),
  'moderator + week': () => {
    const from = day();
    return { guildId: GUILD, moderatorId: mod(), from, to: new Date(from.getTime() + 7 * 86_400_000) };
  },
  'text, common phrase': () => ({ guildId: GUILD, text: pick(['invite links', 'crypto', 'raid account', 'voice chat']) }),
  'text, one case (ref token)': () => ({ guildId: GUILD, text: `ref${1 + rnd(ROWS)} ` }),
  'text in notes (md5 prefix)': () => ({ guildId: GUILD, text: 'follow-up note ' }),
  'type = warn, page at a random depth': () => ({ guildId: GUILD, type: 'warn', cursor: Buffer.from(JSON.stringify({ q: 'listCases', o: 'desc', k: [day().toISOString(), ROWS] })).toString('base64url') }),
};

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const main = async () => {
  const db = `gh_bench_${newId().replaceAll('-', '').slice(0, 10)}`;
  await admin(`CREATE DATABASE ${db}`);
  const pool = new pg.Pool({ connectionString: urlOf(db), max: 2 });
  try {
    await migrate(pool, [casesProjection], createLogger('bench', 'warn'));
    const started = Date.now();
    const chunk = 100_000;
    for (let from = 1; from <= ROWS; from += chunk) {
      await pool.query(FILL('rm_cases', from, Math.min(ROWS, from + chunk - 1)));
      process.stdout.write(`filled ${Math.min(ROWS, from + chunk - 1)} rows (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    await pool.query(`INSERT INTO rm_cases.case_counts SELECT guild_id, action, status, hidden, count(*) FROM rm_cases.cases GROUP BY 1, 2, 3, 4`);
    await pool.query('VACUUM ANALYZE rm_cases.cases');
    const size = await pool.query<{ t: string; i: string }>(
      `SELECT pg_size_pretty(pg_table_size('rm_cases.cases')) AS t, pg_size_pretty(pg_indexes_size('rm_cases.cases')) AS i`,
    );
    process.stdout.write(`${ROWS} cases in ${((Date.now() - started) / 1000).toFixed(0)} s; table ${size.rows[0]!.t}, indexes ${size.rows[0]!.i}\n\n`);
    process.stdout.write(`${'query'.padEnd(40)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  rows\n`);
    const report = (name: string, times: number[], rows: number) => {
      times.sort((a, b) => a - b);
      const f = (ms: number) => `${ms.toFixed(2)}ms`.padStart(8);
      process.stdout.write(`${name.padEnd(40)} ${f(percentile(times, 50))} ${f(percentile(times, 95))} ${f(percentile(times, 99))} ${f(times.at(-1)!)}  ${rows}\n`);
    };
    for (const [name, make] of Object.entries(shapes)) {
      for (let i = 0; i < 20; i++) await listCases(pool, make());
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        rows += (await listCases(pool, make())).items.length;
        times.push(performance.now() - t);
      }
      report(name, times, Math.round(rows / RUNS));
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await countCases(pool, { guildId: GUILD });
      times.push(performance.now() - t);
    }
    report('countCases (per type and status)', times, 1);
  } finally {
    await pool.end();
    if (!process.env.KEEP) await admin(`DROP DATABASE ${db} WITH (FORCE)`);
    else process.stdout.write(`kept database ${db}\n`);
  }
};

await main();
