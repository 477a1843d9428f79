import { randomBytes } from 'node:crypto';
import { CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, type CommandResult } from '@guildhall/eventing';
import { deterministicId, newId, type Actor, type CommandEnvelope, type EventEnvelope, type Source } from '@guildhall/kernel';
import pg from 'pg';
import type { z } from 'zod';
import { caseAsOf, caseStreamId, memberRecordAsOf, memberRecordStreamId, type commands, type ModerationCommandType } from '../src/index.js';
import type { Clock } from '../src/runtime/index.js';
import { deleteStreams, dropTestDatabase, NATS_URL, uniqueNames } from '@guildhall/eventing/testing';

export const logger = createLogger('moderation-runtime-test', process.env.LOG_LEVEL ?? 'silent');
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const databaseUrl = (name: string): string => {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A clock the test moves by hand; starts at the real time so JetStream and logs look sane. */
export class ManualClock {
  private at: number;
  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }
  readonly now: Clock = () => new Date(this.at);
  iso(): string {
    return new Date(this.at).toISOString();
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

type Nats = Awaited<ReturnType<typeof connectNats>>;

/** One isolated world per test file: its own JetStream streams and prefixes, its own database. */
export type RuntimeWorld = Readonly<{
  names: ReturnType<typeof uniqueNames>;
  database: string;
  databaseUrl: string;
  nc: Nats;
  store: JetStreamEventStore;
  bus: CommandBus;
  pool: pg.Pool;
  /** The env a child moderation service needs to join this world. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}>;

export const BUS_TUNING = { ackWaitMs: 2_000, maxAttempts: 3, backoffMs: [100] };

export const createRuntimeWorld = async (tag: string): Promise<RuntimeWorld> => {
  const names = uniqueNames(tag);
  const database = `gh_test_${tag}_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(database);
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const nc = await connectNats(NATS_URL, `moderation-${tag}-test`);
  const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
  const bus = await CommandBus.create({ nc, logger, ...names.bus, ...BUS_TUNING });
  const env = {
    NATS_URL,
    DATABASE_URL: url,
    EVENTS_STREAM: names.events.streamName,
    EVENTS_SUBJECT_PREFIX: names.events.subjectPrefix,
    COMMANDS_STREAM: names.bus.streamName,
    COMMANDS_SUBJECT_PREFIX: names.bus.subjectPrefix,
    COMMAND_RESULTS_BUCKET: names.bus.resultsBucket,
    DEAD_LETTERS_STREAM: names.bus.deadLetterStream,
    DEAD_LETTERS_SUBJECT_PREFIX: names.bus.deadLetterPrefix,
  };
  return {
    names,
    database,
    databaseUrl: url,
    nc,
    store,
    bus,
    pool,
    env,
    dispose: async () => {
      await bus.close();
      await store.close();
      await pool.end();
      await deleteStreams(nc, names);
      await nc.close();
      await dropTestDatabase(url);
    },
  };
};

export { eventually } from '@guildhall/eventing/testing';

export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };

/** A new command from a moderator in the dashboard, issued at the clock's time. */
export const userCommand = <T extends ModerationCommandType>(
  guildId: string,
  type: T,
  payload: z.input<(typeof commands)[T]>,
  clock: ManualClock,
  actor: Actor = ANN,
): CommandEnvelope => {
  const id = newId();
  return { id, type, issuedAt: clock.iso(), guildId, actor, source: 'web', correlationId: id, causationId: null, payload };
};

export const send = (bus: CommandBus, command: CommandEnvelope): Promise<CommandResult> =>
  bus.send(command, { context: 'moderation', waitMs: 15_000 });

/** The bot as the action executor sends outcomes (gateway/discord actions/action-plan.ts). */
export const BOT_ACTOR: Actor = { kind: 'system', id: 'guildhall-discord-bot', name: 'Guildhall bot' };
const executorOutcome = (event: EventEnvelope, type: 'RecordDiscordActionSucceeded' | 'RecordDiscordActionFailed', payload: unknown, now: string): CommandEnvelope => ({
  id: deterministicId(event.id, 'outcome'),
  type,
  issuedAt: now,
  guildId: event.guildId,
  actor: BOT_ACTOR,
  source: 'discord',
  correlationId: event.correlationId,
  causationId: event.id,
  payload,
});

export type DiscordAnswer = 'succeed' | Readonly<{ fail: string; discordErrorCode: number; httpStatus: number }>;

type ActionRequested = { actionId: string; caseNumber: number; purpose: string; action: string; target: { id: string } };

/** DiscordActionRequested events of a guild with no outcome yet, as the executor would pick them up. */
export const openDiscordActions = async (store: JetStreamEventStore, guildId: string): Promise<EventEnvelope[]> => {
  const all = (await store.readAll()).filter((e) => e.guildId === guildId);
  const settled = new Set(
    all.filter((e) => e.type === 'DiscordActionSucceeded' || e.type === 'DiscordActionFailed').map((e) => (e.payload as ActionRequested).actionId + e.streamId),
  );
  return all.filter((e) => e.type === 'DiscordActionRequested' && !settled.has((e.payload as ActionRequested).actionId + e.streamId));
};

/** Plays the Discord side for the requested actions: sends the outcome commands exactly as the executor will. */
export const answerDiscord = async (
  bus: CommandBus,
  requests: readonly EventEnvelope[],
  clock: ManualClock,
  answer: (request: ActionRequested) => DiscordAnswer = () => 'succeed',
): Promise<CommandResult[]> =>
  Promise.all(
    requests.map((event) => {
      const d = event.payload as ActionRequested;
      const a = answer(d);
      const command =
        a === 'succeed'
          ? executorOutcome(event, 'RecordDiscordActionSucceeded', { caseNumber: d.caseNumber, actionId: d.actionId }, clock.iso())
          : executorOutcome(
              event,
              'RecordDiscordActionFailed',
              { caseNumber: d.caseNumber, actionId: d.actionId, discordErrorCode: a.discordErrorCode, httpStatus: a.httpStatus, reason: a.fail },
              clock.iso(),
            );
      return send(bus, command);
    }),
  );

/** The command the bot's fact router sends for an audit-log entry (gateway/discord fact-router). */
export const auditFactCommand = (
  guildId: string,
  fact: Readonly<{
    factId: string;
    entryId: string;
    action: 'ban' | 'unban' | 'kick' | 'timeout' | 'untimeout';
    target: { id: string; name: string | null };
    executor: { id: string; name: string | null };
    executorIsBot: boolean;
    reason: string | null;
    timeoutUntil?: string | null;
  }>,
  clock: ManualClock,
): CommandEnvelope => ({
  id: deterministicId('fact-router', fact.factId, 'RecordDiscordAuditAction'),
  type: 'RecordDiscordAuditAction',
  issuedAt: clock.iso(),
  guildId,
  actor: { kind: 'discord-user', id: fact.executor.id, name: fact.executor.name ?? fact.executor.id },
  source: 'discord' satisfies Source,
  correlationId: fact.factId,
  causationId: fact.factId,
  payload: {
    auditLogEntryId: fact.entryId,
    action: fact.action,
    target: fact.target,
    executor: fact.executor,
    executorIsBot: fact.executorIsBot,
    reason: fact.reason,
    timeoutUntil: fact.timeoutUntil ?? null,
  },
});

export const caseOf = async (store: JetStreamEventStore, guildId: string, caseNumber: number) =>
  caseAsOf((await store.readStream(caseStreamId(guildId, caseNumber))).events, Number.MAX_SAFE_INTEGER);

export const memberOf = async (store: JetStreamEventStore, guildId: string, userId: string) =>
  memberRecordAsOf((await store.readStream(memberRecordStreamId(guildId, userId))).events, Number.MAX_SAFE_INTEGER);

export const eventsOfType = async (store: JetStreamEventStore, guildId: string, type: string): Promise<EventEnvelope[]> =>
  (await store.readAll()).filter((e) => e.guildId === guildId && e.type === type);

/** A fresh snowflake-shaped guild id per scenario, so case numbers start at 1. */
let guildSeq = 0;
export const freshGuild = (): string => `9${Date.now().toString().slice(-10)}${String(++guildSeq).padStart(4, '0')}`;
export const user = (n: number): { id: string; name: string } => ({ id: `4${String(n).padStart(17, '0')}`, name: `member${n}` });
