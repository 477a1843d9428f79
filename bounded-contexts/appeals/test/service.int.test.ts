import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createLogger, JetStreamEventStore, rebuildProjection, withPersonalData } from '@guildhall/eventing';
import { dropTestDatabase, eventually, openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { newId, type CommandEnvelope } from '@guildhall/kernel';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appealsPersonalData, caseAppealsStreamId, commands, defaultAppealSettings } from '../src/index.js';
import { reminderScheduleProjection } from '../src/runtime/index.js';
import { BAN_CASE, GUILD, MEMBER, MOD2 } from './fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BASE_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let world: BusTestWorld;
const database = `gh_test_appeals_${newId().replaceAll('-', '').slice(0, 10)}`;
const dbUrl = (name: string) => Object.assign(new URL(BASE_DB), { pathname: `/${name}` }).toString();
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  await c.query(sql).finally(() => c.end());
};

beforeAll(async () => {
  world = await openBusTestWorld('appealssvc');
  await admin(`CREATE DATABASE ${database}`);
});
afterAll(async () => {
  await world?.close();
  await dropTestDatabase(dbUrl(database));
});

const scheduled = async (): Promise<Record<string, unknown>[]> => {
  const c = new pg.Client({ connectionString: dbUrl(database) });
  await c.connect();
  try {
    return (await c.query('SELECT * FROM rm_appeals_reminders.reminders ORDER BY appeal_id')).rows;
  } finally {
    await c.end();
  }
};

const envelope = <T extends keyof typeof commands>(type: T, payload: z.input<(typeof commands)[T]>, actor = MEMBER, issuedAt = new Date().toISOString()): CommandEnvelope => {
  const id = newId();
  return { id, type, issuedAt, guildId: GUILD, actor, source: 'web', correlationId: id, causationId: null, payload };
};

describe('the appeals service process (as npm start runs it)', { timeout: 90_000 }, () => {
  it('decides cmd.appeals.*, reminds an appeal past its limit, lifts the ban of an approved one through moderation, and stops cleanly on SIGTERM', async () => {
    const { names } = world;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        METRICS_PORT: '0',
        NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
        DATABASE_URL: dbUrl(database),
        EVENTS_STREAM: names.events.streamName,
        EVENTS_SUBJECT_PREFIX: names.events.subjectPrefix,
        COMMANDS_STREAM: names.bus.streamName,
        COMMANDS_SUBJECT_PREFIX: names.bus.subjectPrefix,
        COMMAND_RESULTS_BUCKET: names.bus.resultsBucket,
        DEAD_LETTERS_STREAM: names.bus.deadLetterStream,
        DEAD_LETTERS_SUBJECT_PREFIX: names.bus.deadLetterPrefix,
        APPEALS_WORKFLOW_CONSUMER: `appeals_${names.bus.streamName}`,
        APPEALS_REMINDER_SWEEP_MS: '1000',
        LOG_LEVEL: 'info',
      },
    });
    const out: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(...d.split('\n').filter(Boolean)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => out.push(...d.split('\n').filter(Boolean)));
    try {
      await eventually(async () => (out.some((l) => /"msg":"ready"/.test(l)) ? true : undefined), 30_000, `a ready line:\n${out.join('\n')}`);
      const stream = caseAppealsStreamId(GUILD, 7);
      // Sent two minutes ago with a one-minute review limit: already past it.
      const settings = { ...defaultAppealSettings(), reviewLimitSeconds: 60 };
      const submitted = await world.bus.send(
        envelope('SubmitAppeal', { caseNumber: 7, statement: 'It was my brother.', appealedCase: BAN_CASE, settings }, MEMBER, new Date(Date.now() - 120_000).toISOString()),
        { context: 'appeals', waitMs: 15_000 },
      );
      expect(submitted).toMatchObject({ status: 'accepted', eventCount: 1 });
      const reminded = await eventually(async () => {
        const types = (await world.store.readStream(stream)).events.map((e) => e.type);
        return types.includes('AppealReminderDue') ? types : undefined;
      }, 30_000, 'the reminder');
      expect(reminded).toEqual(['AppealSubmitted', 'AppealReminderDue']);

      const decided = await world.bus.send(envelope('DecideAppeal', { caseNumber: 7, appealId: `${GUILD}-7-1`, decision: 'approved', reason: 'Welcome back.' }, MOD2), { context: 'appeals', waitMs: 15_000 });
      expect(decided).toMatchObject({ status: 'accepted' });
      const decision = (await world.store.readStream(stream)).events.find((e) => e.type === 'AppealDecided')!;
      // The workflow's UnbanMember waits on the bus for moderation, caused by the decision.
      const jsm = await jetstreamManager(world.nc);
      const unban = await eventually(async () => {
        const m = await jsm.streams.getMessage(names.bus.streamName, { last_by_subj: `${names.bus.subjectPrefix}.moderation.UnbanMember` }).catch(() => undefined);
        return m ? (m.json() as CommandEnvelope) : undefined;
      }, 30_000, 'the UnbanMember command');
      expect(unban).toMatchObject({ type: 'UnbanMember', actor: MOD2, causationId: decision.id, correlationId: decision.correlationId, payload: { target: { id: MEMBER.id } } });
      // An appeal not due yet stays on the reminder schedule.
      const later = await world.bus.send(envelope('SubmitAppeal', { caseNumber: 8, statement: 'And this one?', appealedCase: BAN_CASE, settings: defaultAppealSettings() }), { context: 'appeals', waitMs: 15_000 });
      expect(later).toMatchObject({ status: 'accepted' });
      await eventually(async () => ((await scheduled()).length === 1 ? true : undefined), 30_000, 'the schedule to hold the open appeal');
    } finally {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code, out.slice(-20).join('\n')).toBe(0);
    }
    // The private schedule is a read model like any other: rebuilt from the events, it comes out identical.
    const before = await scheduled();
    expect(before.map((r) => r.appeal_id)).toEqual([`${GUILD}-8-1`]);
    const pool = new pg.Pool({ connectionString: dbUrl(database) });
    try {
      // As the service reads them: the statements are sealed under the appellant's key.
      const logger = createLogger('appeals-rebuild', 'silent');
      const { open } = await withPersonalData(await JetStreamEventStore.create({ nc: world.nc, ...world.names.events, logger }), { nc: world.nc, eventsStream: world.names.events.streamName, policy: appealsPersonalData });
      await rebuildProjection(reminderScheduleProjection, { nc: world.nc, pool, ...world.names.events, logger, open });
    } finally {
      await pool.end();
    }
    expect(await scheduled()).toEqual(before);
  });
});
