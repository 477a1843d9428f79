import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@guildhall/kernel';
import { caseStreamId, guildCasesStreamId } from '@guildhall/moderation';
import {
  backupJetStream,
  connectNats,
  createLogger,
  JetStreamEventStore,
  migrate,
  rebuildProjection,
  restoreJetStream,
  type EventStore,
} from '@guildhall/eventing';
import { freePort, PrivateNatsServer } from '@guildhall/eventing/testing';
import { AckPolicy, jetstream, jetstreamManager, type StreamInfo } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections } from '../src/all-projections.js';
import { ModerationDriver, openedCaseNumber } from './support/moderation-driver.js';
import { ANN, at, G1, runModerationScenario, user } from './support/moderation-scenario.js';
import { databaseUrl } from './support/world.js';

/**
 * backup → reset → restore → rebuild, on a private nats-server (the shared one is never reset): the
 * read models come out identical, the stream keeps its sequences (so versions and OCC hold), case
 * numbers carry on, a KV bucket and a durable consumer's position come back.
 */
const logger = createLogger('backup-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const dir = mkdtempSync(join(tmpdir(), 'gh-backup-'));
const file = join(dir, 'guildhall.backup.jsonl.gz');
const STREAM = 'EVENTS';
const PREFIX = 'es';
const id = newId().replaceAll('-', '').slice(0, 10);
const databases = [`gh_test_bk1_${id}`, `gh_test_bk2_${id}`];
const servers: PrivateNatsServer[] = [];

const admin = async (sql: string): Promise<void> => {
  const c = new pg.Client({ connectionString: databaseUrl('postgres') });
  await c.connect();
  await c.query(sql).finally(() => c.end());
};

type Snapshot = Record<string, unknown[]>;

/** Every row of every read-model table (schemas rm_<name>), in a total order. */
const snapshotReadModels = async (pool: pg.Pool): Promise<Snapshot> => {
  const tables = await pool.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [allProjections.map((p) => `rm_${p.name}`)],
  );
  const out: Snapshot = {};
  for (const { s, t } of tables.rows) out[`${s}.${t}`] = (await pool.query(`SELECT * FROM "${s}"."${t}" AS r ORDER BY (r.*)::text`)).rows;
  return out;
};

/** Migrates, then rebuilds every read model from the stream (what `npm run rebuild -- all` does). */
const rebuildAll = async (nc: Awaited<ReturnType<typeof connectNats>>, pool: pg.Pool): Promise<void> => {
  await migrate(pool, allProjections, logger);
  for (const p of allProjections) await rebuildProjection(p, { nc, pool, streamName: STREAM, subjectPrefix: PREFIX, logger, progressIntervalMs: 0 });
};

const lastSubjectSeq = async (nc: Awaited<ReturnType<typeof connectNats>>, subject: string): Promise<number> =>
  (await (await jetstreamManager(nc)).streams.getMessage(STREAM, { last_by_subj: subject }))?.seq ?? 0;

let before: { state: StreamInfo['state']; readModels: Snapshot; lastCase: number; subjects: Record<string, number>; kv: Record<string, string> };
let after: typeof before;
let restoredServer: PrivateNatsServer;
let restoredStore: EventStore;
let restoredNc: Awaited<ReturnType<typeof connectNats>>;
let restoredPool: pg.Pool;

beforeAll(async () => {
  // --- the original install ---
  const original = new PrivateNatsServer(await freePort(), join(dir, 'nats-a'));
  servers.push(original);
  await original.start();
  const nc = await connectNats(original.url, 'backup-test-a');
  const store = await JetStreamEventStore.create({ nc, streamName: STREAM, subjectPrefix: PREFIX, logger });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const scenario = await runModerationScenario(store, 10);
  // A deleted message inside the stream and one at its end: sequences the restore must keep free.
  const gap = await js.publish(`${PREFIX}.ops.probe.x`, new Uint8Array(1));
  await jsm.streams.deleteMessage(STREAM, gap.seq, false);
  await scenario.driver.send('WarnMember', { target: user(9), reason: 'after the gap' }, { guildId: G1, actor: ANN, now: at(9) });
  const tail = await js.publish(`${PREFIX}.ops.probe.y`, new Uint8Array(1));
  await jsm.streams.deleteMessage(STREAM, tail.seq, false);
  // A durable consumer that has acknowledged the first 5 commits.
  await jsm.consumers.add(STREAM, { durable_name: 'ops_probe', ack_policy: AckPolicy.Explicit, filter_subject: `${PREFIX}.>` });
  const probe = await js.consumers.get(STREAM, 'ops_probe');
  const first = await probe.fetch({ max_messages: 5, expires: 2_000 });
  for await (const m of first) await m.ackAck();
  const kv = await new Kvm(js).create('OPS_PROBE', { history: 1 });
  await kv.put('a', 'one');
  await kv.put('a', 'two');
  await kv.put('b', 'three');

  await admin(`CREATE DATABASE ${databases[0]}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(databases[0]!), max: 4 });
  pool.on('error', () => undefined); // the teardown drops the database WITH (FORCE): idle clients are terminated
  await rebuildAll(nc, pool);
  const caseStreams = [caseStreamId(G1, 1), guildCasesStreamId(G1)];
  const subjectsOf = async (c: typeof nc) =>
    Object.fromEntries(await Promise.all(caseStreams.map(async (s) => [s, await lastSubjectSeq(c, `${PREFIX}.${s}`)] as const)));
  const kvOf = async (c: typeof nc) => {
    const b = await new Kvm(jetstream(c)).open('OPS_PROBE');
    return { a: (await b.get('a'))!.string(), b: (await b.get('b'))!.string() };
  };
  before = {
    state: (await jsm.streams.info(STREAM)).state,
    readModels: await snapshotReadModels(pool),
    lastCase: Math.max(...scenario.cases.map((c) => (c.guildId === G1 ? c.caseNumber : 0))) + 1,
    subjects: await subjectsOf(nc),
    kv: await kvOf(nc),
  };
  await backupJetStream({ nc, file, logger });
  await store.close();
  await nc.close();
  await pool.end();

  // --- reset: the NATS data and the database are gone ---
  await original.kill();
  await admin(`DROP DATABASE ${databases[0]} WITH (FORCE)`);

  // --- restore into an empty NATS, rebuild into an empty database ---
  restoredServer = new PrivateNatsServer(await freePort(), join(dir, 'nats-b'));
  servers.push(restoredServer);
  await restoredServer.start();
  restoredNc = await connectNats(restoredServer.url, 'backup-test-b');
  await restoreJetStream({ nc: restoredNc, file, logger });
  await admin(`CREATE DATABASE ${databases[1]}`);
  restoredPool = new pg.Pool({ connectionString: databaseUrl(databases[1]!), max: 4 });
  restoredPool.on('error', () => undefined); // the teardown drops the database WITH (FORCE): idle clients are terminated
  await rebuildAll(restoredNc, restoredPool);
  restoredStore = await JetStreamEventStore.create({ nc: restoredNc, streamName: STREAM, subjectPrefix: PREFIX, logger });
  after = {
    state: (await (await jetstreamManager(restoredNc)).streams.info(STREAM)).state,
    readModels: await snapshotReadModels(restoredPool),
    lastCase: 0,
    subjects: await subjectsOf(restoredNc),
    kv: await kvOf(restoredNc),
  };
}, 180_000);

afterAll(async () => {
  await restoredStore?.close().catch(() => undefined);
  await restoredNc?.close().catch(() => undefined);
  await restoredPool?.end().catch(() => undefined);
  for (const s of servers) await s.kill();
  for (const d of databases) await admin(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('backup → reset → restore → rebuild (private nats-server, real PostgreSQL)', { timeout: 60_000 }, () => {
  it('writes a file', () => {
    expect(statSync(file).size).toBeGreaterThan(1_000);
  });

  it('the events stream comes back at the same sequences, gaps included', () => {
    expect(after.state.first_seq).toBe(before.state.first_seq);
    expect(after.state.last_seq).toBe(before.state.last_seq);
    expect(after.state.messages).toBe(before.state.messages);
    expect(after.state.num_deleted).toBe(before.state.num_deleted);
    expect(after.subjects).toEqual(before.subjects);
  });

  it('every read model rebuilt from the restored events is identical', () => {
    expect(Object.keys(after.readModels).length).toBeGreaterThan(3);
    expect(Object.values(before.readModels).some((rows) => rows.length > 0)).toBe(true);
    expect(after.readModels).toEqual(before.readModels);
  });

  it('case numbers carry on, and a stale append is still a version conflict', async () => {
    const driver = new ModerationDriver(restoredStore);
    const sent = await driver.send('WarnMember', { target: user(11), reason: 'after the restore' }, { guildId: G1, actor: ANN, now: at(20) });
    expect(openedCaseNumber(sent)).toBe(before.lastCase + 1);
    const numbers = guildCasesStreamId(G1);
    const stale = before.subjects[numbers]!;
    await expect(
      restoredStore.append(numbers, [{ id: newId(), type: 'X', schemaVersion: 1, occurredAt: at(21), guildId: G1, actor: ANN, source: 'web', correlationId: newId(), causationId: null, payload: {} }], stale),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('a KV bucket keeps its latest values and a durable consumer resumes after what it acknowledged', async () => {
    expect(after.kv).toEqual(before.kv);
    const probe = await jetstream(restoredNc).consumers.get(STREAM, 'ops_probe');
    const next = await probe.next({ expires: 2_000 });
    expect(next?.seq).toBe(6);
  });

  it('refuses to restore over existing streams', async () => {
    await expect(restoreJetStream({ nc: restoredNc, file, logger })).rejects.toMatchObject({ code: 'RESTORE_FAILED' });
  });
});
