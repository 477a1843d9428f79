import { randomBytes } from 'node:crypto';
import { startSandbox, type SandboxHandle } from '@guildhall/discord-sandbox';
import { loadBotSettings, startBot, type Bot } from '@guildhall/gateway-discord';
import { register as registerAutomation, automationHandler } from '@guildhall/automation/handler';
import { startAutomationParts } from '@guildhall/automation/runtime';
import { CommandBus, connectNats, createLogger, createStreamWaiter, ensureDatabase, JetStreamEventStore, memberKeysBucket, migrate, ProjectionRunner, withPersonalData, type EventStore, type Reactor } from '@guildhall/eventing';
import { register as registerCommunity } from '@guildhall/community/handler';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { register as registerMusic } from '@guildhall/music/handler';
import { startAppealsService } from '@guildhall/appeals/runtime';
import { startModerationService, type ModerationService } from '@guildhall/moderation/runtime';
import { allPersonalData, allProjections, startEraser } from '@guildhall/projections';
import { dropTestDatabase } from '@guildhall/eventing/testing';
import pg from 'pg';
import { startHttpGateway, type HttpGateway } from '../../src/gateway.js';
import { loadHttpSettings } from '../../src/settings.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const logger = createLogger('gateway-http-test', process.env.TEST_LOG_LEVEL ?? 'silent');

const databaseUrl = (name: string): string => {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

type Nats = Awaited<ReturnType<typeof connectNats>>;

/**
 * One isolated stack per test file on the shared servers: its own JetStream names, database and
 * status subject; the sandbox in-process on a free port with a seed of its own (so its guild ids,
 * and with them the `rm.<guildId>.*` subjects, are this file's alone); the real moderation
 * service and messaging handler, every projection, and the HTTP gateway under test.
 */
export type TestStack = Readonly<{
  id: string;
  sandbox: SandboxHandle;
  gateway: HttpGateway;
  nc: Nats;
  pool: pg.Pool;
  guildId: string;
  /** The status subject prefix the gateway follows (publish a bot status here). */
  statusPrefix: string;
  bus: CommandBus;
  /** Sends a community fact command as the bot would (e.g. RecordMemberUpdated after a role change); resolves once decided. */
  fact(type: string, payload: unknown): Promise<void>;
  /** The database URL (a second gateway process on the same stores). */
  databaseUrl: string;
  /** Settings of a gateway on this stack's stores (for a second replica). */
  settings: Record<string, string>;
  /** The stack's store, as every service has it: behind crypto-shredding (personal fields sealed per member). */
  store: EventStore;
  /** The member keys' bucket (a KV bucket of its own). */
  keysBucket: string;
  dispose(): Promise<void>;
}>;

export const startTestStack = async (tag: string): Promise<TestStack> => {
  const id = `${tag}_${randomBytes(4).toString('hex')}`;
  const names = {
    events: { streamName: `EV_${id}`, subjectPrefix: `es_${id}` },
    bus: { streamName: `CMD_${id}`, subjectPrefix: `cmd_${id}`, deadLetterStream: `DLQ_${id}`, deadLetterPrefix: `dlq_${id}`, resultsBucket: `RES_${id}` },
  };
  const statusPrefix = `bot_status_${id}`;
  const database = `gh_test_http_${id}`.toLowerCase();
  const url = databaseUrl(database);
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  // Dropping the database at the end ends idle connections: expected, not a failure.
  pool.on('error', () => undefined);
  const nc = await connectNats(NATS_URL, `gateway-http-test-${tag}`);
  const { store, keys, open } = await withPersonalData(await JetStreamEventStore.create({ nc, ...names.events, logger }), { nc, eventsStream: names.events.streamName, policy: allPersonalData, cacheStreams: true });
  const bus = await CommandBus.create({ nc, logger, ...names.bus, ackWaitMs: 2_000, maxAttempts: 3, backoffMs: [100] });
  const sandbox = await startSandbox({ port: 0, seed: 1_000 + randomBytes(2).readUInt16BE(0), simulator: { enabled: false }, memberCount: 40 });

  await migrate(pool, allProjections, logger);
  const runners = allProjections.map(
    (p) => new ProjectionRunner(p, { nc, pool, ...names.events, logger, open, batchSize: 200, idleWaitMs: 1_000, lagLogIntervalMs: 0 }),
  );
  for (const r of runners) r.start();
  const eraser: Reactor = await startEraser({
    nc, pool, ...names.events, logger, keys, open, projections: allProjections, consumerName: `eraser_${id}`,
    deadLetters: { stream: names.bus.deadLetterStream, prefix: names.bus.deadLetterPrefix },
  });
  const moderation: ModerationService = await startModerationService({
    nc,
    store,
    open,
    bus,
    pool,
    ...names.events,
    logger,
    process: { consumerName: `proc_${id}`, ackWaitMs: 2_000 },
    expiry: { tickMs: 200 },
  });
  const messaging = await registerMessaging(bus, store);
  const community = await registerCommunity(bus, store);
  let factNo = 0;
  const guildId = sandbox.world.mainGuild().base.id;
  const fact = async (type: string, payload: unknown): Promise<void> => {
    const n = ++factNo;
    const envelope: CommandEnvelope = {
      id: deterministicId('test-fact', id, String(n)), type, guildId, actor: { kind: 'system', id: 'discord-gateway', name: 'gateway' }, source: 'discord',
      correlationId: `fact-${id}-${n}`, causationId: null, issuedAt: new Date().toISOString(), payload,
    };
    const r = await bus.send(envelope, { context: 'community', waitMs: 10_000 });
    if (r.status !== 'accepted') throw new Error(`${type}: ${JSON.stringify(r)}`);
  };
  // What the bot records on GUILD_CREATE: the roles (with their permissions) and the members (with their roles).
  for (const role of sandbox.world.mainGuild().roles.values()) {
    await fact('RecordRoleCreated', { role: { id: role.id, name: role.name, position: role.position, permissions: role.permissions, color: role.color, hoist: role.hoist, mentionable: role.mentionable, managed: role.managed } });
  }
  for (const m of sandbox.world.members(guildId)) {
    await fact('RecordMemberJoined', { user: { id: m.user.id, username: m.user.username, globalName: m.user.global_name ?? null, bot: m.user.bot ?? false }, joinedAt: new Date(m.joined_at ?? Date.now()).toISOString(), roles: m.roles, nickname: m.nick ?? null });
  }
  const music = await registerMusic(bus, store);
  // The automation service: its handler, the scheduler and the run reactor (posts go through messaging and the bot).
  const automation = await registerAutomation(bus, store);
  const automationParts = await startAutomationParts({ nc, store, open, bus, pool, ...names.events, logger, handle: automationHandler(store) });
  const appeals = await startAppealsService({ nc, store, open, bus, pool, ...names.events, logger, workflowConsumer: `appeals_${id}`, reminderSweepMs: 500 });
  // The bot carries out the Discord actions, so a web ban ends the way it does for a user: in
  // the sandbox, with its outcome back on the case and the member record.
  const bot = await startBot({
    nc,
    logger,
    // Only the executor: the guild's facts are recorded below, as the bot would on GUILD_CREATE.
    parts: { gateway: false, factRouter: false, executor: true },
    settings: loadBotSettings({
      SANDBOX_URL: sandbox.url,
      NATS_URL,
      EVENTS_STREAM: names.events.streamName,
      EVENTS_SUBJECT_PREFIX: names.events.subjectPrefix,
      COMMANDS_STREAM: names.bus.streamName,
      COMMANDS_SUBJECT_PREFIX: names.bus.subjectPrefix,
      COMMAND_RESULTS_BUCKET: names.bus.resultsBucket,
      DEAD_LETTERS_STREAM: names.bus.deadLetterStream,
      DEAD_LETTERS_SUBJECT_PREFIX: names.bus.deadLetterPrefix,
      DISCORD_STREAM: `DISC_${id}`,
      DISCORD_SUBJECT_PREFIX: `disc_${id}`,
      STATUS_BUCKET: `BOTSTX_${id}`,
      STATUS_SUBJECT_PREFIX: `bot_status_x_${id}`,
      BOT_INSTANCE_ID: `bot_${id}`,
      ACTION_ACK_WAIT_MS: '2000',
      ACTION_RETRY_BASE_MS: '100',
      SLASH_COMMANDS: 'false',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    }),
  });

  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    NATS_URL,
    DATABASE_URL: url,
    EVENTS_STREAM: names.events.streamName,
    EVENTS_SUBJECT_PREFIX: names.events.subjectPrefix,
    COMMANDS_STREAM: names.bus.streamName,
    COMMANDS_SUBJECT_PREFIX: names.bus.subjectPrefix,
    COMMAND_RESULTS_BUCKET: names.bus.resultsBucket,
    DEAD_LETTERS_STREAM: names.bus.deadLetterStream,
    DEAD_LETTERS_SUBJECT_PREFIX: names.bus.deadLetterPrefix,
    DISCORD_OAUTH_BASE: sandbox.url,
    STATUS_SUBJECT_PREFIX: statusPrefix,
    STATUS_BUCKET: `BOTST_${id}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    COMMAND_WAIT_MS: '5000',
    UI_DIST: `/nonexistent-${id}`,
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_COMMANDS_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  };
  const gateway = await startHttpGateway(loadHttpSettings(env), logger, { liveRecheckMs: 300 });

  return {
    id,
    sandbox,
    gateway,
    nc,
    pool,
    guildId,
    statusPrefix,
    bus,
    fact,
    databaseUrl: url,
    settings: env,
    store,
    keysBucket: memberKeysBucket(names.events.streamName),
    async dispose() {
      // Every step runs even when an earlier one fails, so the shared servers are left clean.
      const steps: (() => Promise<unknown>)[] = [
        () => gateway.stop(),
        () => bot.stop(),
        () => moderation.stop(),
        () => messaging.stop(),
        () => community.stop(),
        () => music.stop(),
        () => automationParts.stop(),
        () => automation.stop(),
        () => appeals.stop(),
        () => eraser.stop(),
        () => Promise.all(runners.map((r) => r.stop())),
        () => bus.close(),
        () => store.close(),
        () => sandbox.stop(),
        ...[names.events.streamName, names.bus.streamName, names.bus.deadLetterStream, `KV_${names.bus.resultsBucket}`, `KV_${memberKeysBucket(names.events.streamName)}`, `DISC_${id}`, `KV_BOTSTX_${id}`].map(
          (s) => () => nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }),
        ),
        () => nc.close(),
        () => pool.end(),
        () => dropTestDatabase(url),
      ];
      for (const step of steps) await step().catch(() => undefined);
    },
  };
};

export { eventually } from '@guildhall/eventing/testing';

/**
 * A second bot on the stack's streams running its gateway part (the stack's own runs the action
 * executor only): interactions and the commands it registers, and with `factRouter` the facts
 * routed to the contexts. `tag` keeps its Discord stream, status and instance apart; `extra`
 * adds or overrides settings (SLASH_COMMANDS, MUSIC, ...).
 */
export const startGatewayBot = (stack: TestStack, tag: string, opts: Readonly<{ factRouter?: boolean; extra?: Record<string, string> }> = {}): Promise<Bot> => {
  const s = stack.settings;
  return startBot({
    nc: stack.nc,
    logger,
    parts: { gateway: true, factRouter: opts.factRouter ?? false, executor: false },
    settings: loadBotSettings({
      SANDBOX_URL: stack.sandbox.url,
      NATS_URL,
      EVENTS_STREAM: s.EVENTS_STREAM!,
      EVENTS_SUBJECT_PREFIX: s.EVENTS_SUBJECT_PREFIX!,
      COMMANDS_STREAM: s.COMMANDS_STREAM!,
      COMMANDS_SUBJECT_PREFIX: s.COMMANDS_SUBJECT_PREFIX!,
      COMMAND_RESULTS_BUCKET: s.COMMAND_RESULTS_BUCKET!,
      DEAD_LETTERS_STREAM: s.DEAD_LETTERS_STREAM!,
      DEAD_LETTERS_SUBJECT_PREFIX: s.DEAD_LETTERS_SUBJECT_PREFIX!,
      DISCORD_STREAM: `DISC${tag.toUpperCase()}_${stack.id}`,
      DISCORD_SUBJECT_PREFIX: `disc${tag}_${stack.id}`,
      STATUS_BUCKET: `BOTST${tag.toUpperCase()}_${stack.id}`,
      STATUS_SUBJECT_PREFIX: `bot_status_${tag}_${stack.id}`,
      BOT_INSTANCE_ID: `bot${tag}_${stack.id}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...opts.extra,
    }),
  });
};
