import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guildStructureStreamId, parseCommunityEvent } from '@guildhall/community';
import { register as registerCommunity } from '@guildhall/community/handler';
import { startSandbox, type SandboxHandle } from '@guildhall/discord-sandbox';
import { CachingEventStore, CommandBus, commandBusNames, connectNats, createLogger, ensureDatabase, JetStreamEventStore, memberKeysBucket, migrate, parseSettings, ProjectionRunner, withPersonalData, type Logger } from '@guildhall/eventing';
import { loadBotSettings, startBot, type Bot } from '@guildhall/gateway-discord';
import { loadHttpSettings, startHttpGateway, type HttpGateway } from '@guildhall/gateway-http';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import { register as registerMusic } from '@guildhall/music/handler';
import { startModerationService } from '@guildhall/moderation/runtime';
import { startAppealsService } from '@guildhall/appeals/runtime';
import { LinkSecretSettingsSchema } from '@guildhall/appeals/notification-links';
import { smtpTransport, startNotifier, type Notifier } from '@guildhall/notifier';
import { allPersonalData, allProjections, getGuildsKnown, getMemberRoles } from '@guildhall/projections';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { dropTestDatabase, isolatedStackEnv } from '@guildhall/eventing/testing';

export type Stack = Readonly<{
  sandbox: SandboxHandle;
  gateway: HttpGateway;
  bot: Bot;
  guildId: string;
  /** Figures, not limits: ms after the services started until /api/me could list the main guild, and until its whole snapshot was in the read models. */
  readiness: Readiness;
  stop(): Promise<void>;
}>;

export type StackOptions = Readonly<{
  /** The built UI to serve (ui/dist). */
  uiDist?: string;
  /** Fixed ports for a manual run; 0 (default) picks free ones. */
  httpPort?: number;
  sandboxPort?: number;
  seed?: number;
  logger?: Logger;
  /** How long to wait for the bot's first snapshot of the main guild to reach the read models (default 180 s: minutes at a load of 20+). */
  readyTimeoutMs?: number;
  /** Register the bot's slash commands in the sandbox (a test that types /ban). Default off: registration costs a round per guild. */
  slashCommands?: boolean;
  /**
   * Run the notifier (outbox, emails, DMs, the `cmd.notifications.*` handler) sending mail to this
   * SMTP server (the test's own, in process). Default off: without it, setting an email address waits in vain.
   */
  notifier?: Readonly<{ smtpUrl: string }>;
}>;

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The whole of Guildhall in one process, isolated on the shared NATS and PostgreSQL by unique
 * names: the Discord sandbox, the bot (gateway ingest, fact router, action executor, status),
 * the community/moderation/messaging/music handlers (with moderation's process manager), every
 * projection, and the HTTP gateway serving the built dashboard. The same code `npm start` runs
 * as separate processes; one process keeps a browser test quick on two cores.
 */
export const startStack = async (tag: string, o: StackOptions = {}): Promise<Stack> => {
  const id = `${tag}_${randomBytes(4).toString('hex')}`;
  const logger = o.logger ?? createLogger(`e2e-${tag}`, process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = `gh_e2e_${id}`.toLowerCase();
  const dbUrl = new URL(BASE_DATABASE_URL);
  dbUrl.pathname = `/${database}`;
  const env: Record<string, string> = {
    NATS_URL,
    DATABASE_URL: dbUrl.toString(),
    ...isolatedStackEnv(id),
    BOT_INSTANCE_ID: `bot_${id}`,
    STATUS_INTERVAL_MS: '1000',
    PRESENCE_WINDOW_MS: '1000',
    SLASH_COMMANDS: o.slashCommands ? 'true' : 'false',
    // The demo library the bot generates at first start: outside the repository, kept between runs (it is the same every time).
    MUSIC_LIBRARY_DIR: join(tmpdir(), 'guildhall-e2e-music'),
  };
  await ensureDatabase(env.DATABASE_URL!);
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 16 });
  const nc = await connectNats(NATS_URL, `e2e-${tag}`);
  const events = { streamName: env.EVENTS_STREAM!, subjectPrefix: env.EVENTS_SUBJECT_PREFIX! };
  // As every service has it: behind crypto-shredding, so personal fields are stored sealed.
  const { store, open } = await withPersonalData(await JetStreamEventStore.create({ nc, ...events, logger }), { nc, eventsStream: events.streamName, policy: allPersonalData, cacheStreams: true });
  const sandbox = await startSandbox({ port: o.sandboxPort ?? 0, seed: o.seed ?? 1, simulator: { enabled: false }, heartbeatIntervalMs: 5_000 });
  const botSettings = loadBotSettings({ ...env, SANDBOX_URL: sandbox.url });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(botSettings) });

  await migrate(pool, allProjections, logger);
  const runners = allProjections.map((p) => new ProjectionRunner(p, { nc, pool, ...events, logger, open, idleWaitMs: 1_000, lagLogIntervalMs: 0 }));
  for (const r of runners) r.start();
  const community = await registerCommunity(bus, store);
  const messaging = await registerMessaging(bus, store);
  // As the music service runs it (bounded-contexts/music/src/main.ts): deciding on the cached session stream.
  const music = await registerMusic(bus, new CachingEventStore(store));
  const moderation = await startModerationService({ nc, store, open, bus, pool, ...events, logger });
  const appeals = await startAppealsService({ nc, store, open, bus, pool, ...events, logger, workflowConsumer: `appeals_${id}` });
  const bot = await startBot({ settings: botSettings, logger, nc });
  const gateway = await startHttpGateway(
    loadHttpSettings({
      ...env,
      PORT: String(o.httpPort ?? 0),
      HOST: '127.0.0.1',
      DISCORD_OAUTH_BASE: sandbox.url,
      ...(o.uiDist ? { UI_DIST: o.uiDist } : {}),
      ...(o.httpPort ? { PUBLIC_URL: `http://localhost:${o.httpPort}` } : {}),
    }),
    logger,
  );
  // After the gateway: the links in its emails and DMs point at the gateway's own address. The link
  // secret is the one the gateway's notifications area checks (both read NOTIFY_LINK_SECRET).
  const notifier: Notifier | undefined = o.notifier
    ? await startNotifier({
        nc,
        store,
        open,
        bus,
        logger,
        ...events,
        email: smtpTransport({ url: o.notifier.smtpUrl, from: 'Guildhall <guildhall@e2e.test>', timeoutMs: 5_000 }),
        publicUrl: gateway.deps.publicUrl,
        linkSecret: parseSettings(LinkSecretSettingsSchema, process.env).NOTIFY_LINK_SECRET,
        retry: { maxAttempts: 3, backoffMs: [500] },
        staffChannels: {},
        discordWaitMs: 15_000,
        consumerPrefix: `notifier_${id}`,
        ackWaitMs: 5_000,
      })
    : undefined;

  const guildId = sandbox.world.mainGuild().base.id;
  const readiness = await untilGuildProjected({ pool, store, sandbox, guildId }, o.readyTimeoutMs ?? 180_000);
  logger.info(readiness, 'the main guild is in the read models');

  return {
    sandbox,
    gateway,
    bot,
    guildId,
    readiness,
    async stop() {
      const steps: (() => Promise<unknown>)[] = [
        async () => notifier?.stop(),
        () => gateway.stop(),
        () => bot.stop(),
        () => moderation.stop(),
        () => appeals.stop(),
        () => community.stop(),
        () => messaging.stop(),
        () => music.stop(),
        () => Promise.all(runners.map((r) => r.stop())),
        () => bus.close(),
        () => store.close(),
        () => sandbox.stop(),
        async () => {
          const jsm = await jetstreamManager(nc);
          for (const s of [env.EVENTS_STREAM, env.COMMANDS_STREAM, env.DEAD_LETTERS_STREAM, env.DISCORD_STREAM, `KV_${env.COMMAND_RESULTS_BUCKET}`, `KV_${env.STATUS_BUCKET}`, `KV_${memberKeysBucket(env.EVENTS_STREAM!)}`]) {
            await jsm.streams.delete(s!).catch(() => undefined);
          }
        },
        () => nc.close(),
        () => pool.end(),
        () => dropTestDatabase(env.DATABASE_URL!),
      ];
      for (const step of steps) await step().catch(() => undefined);
    },
  };
};

/**
 * Waits until what a sign-in reads is there: the bot's first snapshot of the main guild in the read
 * models. Meanwhile the one process is busy ingesting it (every member's facts, every projection
 * catching up: 7–14 s at a load of 12, past 30 s at 23–24), so each page of a sign-in answers
 * slowly; /api/me may list no guild (the picker shows only guilds Guildhall has seen), and a staff
 * member's level may come from a half-written role list (cached by the gateway for 30 s). A person
 * opens the dashboard after `npm start` says it is ready; the tests do the same. Resolves with how
 * long each part took.
 */
export type Readiness = Readonly<{ guildListedMs: number; readyMs: number }>;

const untilGuildProjected = async (
  s: { pool: pg.Pool; store: Pick<JetStreamEventStore, 'readStream'>; sandbox: SandboxHandle; guildId: string },
  timeoutMs: number,
): Promise<Readiness> => {
  const started = Date.now();
  let guildListedMs: number | null = null;
  const guild = s.sandbox.world.state.guild(s.guildId);
  const people = s.sandbox.world.people(s.guildId);
  const staff = [people.owner, ...people.admins, ...people.moderators];
  const roleIds = [...guild.roles.keys()];
  const ready = async (): Promise<boolean> => {
    if (!(await getGuildsKnown(s.pool, [s.guildId])).includes(s.guildId)) return false;
    guildListedMs ??= Date.now() - started;
    for (const id of staff) if ((await getMemberRoles(s.pool, s.guildId, id)) === null) return false;
    const { events } = await s.store.readStream(guildStructureStreamId(s.guildId));
    const known = new Set<string>();
    for (const envelope of events) {
      const e = parseCommunityEvent(envelope);
      if (e?.type === 'RoleCreated') known.add(e.data.role.id);
      if (e?.type === 'RoleUpdated') known.add(e.data.roleId);
    }
    return roleIds.every((r) => known.has(r));
  };
  while (!(await ready().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`the main guild's snapshot was not in the read models ${timeoutMs} ms after the stack started`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const readyMs = Date.now() - started;
  return { guildListedMs: guildListedMs ?? readyMs, readyMs };
};
