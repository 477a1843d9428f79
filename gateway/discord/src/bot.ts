import { hostname } from 'node:os';
import { appealsPersonalData } from '@guildhall/appeals';
import { communityPersonalData } from '@guildhall/community';
import { CommandBus, commandBusNames, connectNats, createStreamWaiter, mergePolicies, openEventStore } from '@guildhall/eventing';
import { messagingPersonalData } from '@guildhall/messaging';
import { moderationPersonalData } from '@guildhall/moderation';
import { musicPersonalData } from '@guildhall/music';
import { automationPersonalData } from '@guildhall/automation';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { ActionExecutor } from './actions/action-executor.js';
import { instrumentDiscordClient, instrumentRest } from './bot-metrics.js';
import { automationActions } from './actions/sources/automation-actions.js';
import { messagingActions } from './actions/sources/messaging-actions.js';
import { moderationActions } from './actions/sources/moderation-actions.js';
import { createActionRest, createDiscordClient } from './client.js';
import { resolveCredentials, type DiscordCredentials } from './credentials.js';
import { communityRoutes } from './fact-router/community-routes.js';
import { startBotMusic } from './music/start-music.js';
import { FactRouter } from './fact-router/fact-router.js';
import { moderationRoutes } from './fact-router/moderation-routes.js';
import { ensureDiscordStream, guildHistory } from './ingest/discord-stream.js';
import { FactPublisher } from './ingest/fact-publisher.js';
import { GatewayIngest } from './ingest/ingest.js';
import { contentAllowed, shardIdsOf, type BotSettings } from './settings.js';
import { handleApprovalButton } from './four-eyes/button-handler.js';
import { isReportCommandName } from './reports/definitions.js';
import { handleReportCommand, handleReportSubmit } from './reports/report-command.js';
import { isReportFormId } from './reports/report-form.js';
import { handleSlashCommand } from './slash-commands/interaction-handler.js';
import { registerCommandsOnReady, registerGuildCommands } from './slash-commands/register.js';
import { StatusPublisher } from './status.js';
import { startCommandSync } from './custom-commands/command-sync.js';
import { customCommandDefinitions } from './custom-commands/custom-command-store.js';

/** Which parts run; all by default. A replica may run only the executor (no gateway), for example. */
export type BotParts = Readonly<{ gateway: boolean; factRouter: boolean; executor: boolean }>;

export type StartBotOptions = Readonly<{
  settings: BotSettings;
  logger: Logger;
  /** Shared connection (tests); otherwise the bot connects to NATS_URL and closes it on stop. */
  nc?: NatsConnection;
  credentials?: DiscordCredentials;
  parts?: Partial<BotParts>;
  /** How long login may take before start fails. Default 60 s. */
  readyTimeoutMs?: number;
}>;

export type Bot = Readonly<{
  client: Client;
  /** The NATS connection the bot uses (its own, or the one it was given). */
  nc: NatsConnection;
  instanceId: string;
  credentials: DiscordCredentials;
  executor: ActionExecutor | null;
  router: FactRouter | null;
  ingest: GatewayIngest | null;
  publisher: FactPublisher;
  status: StatusPublisher;
  stop: () => Promise<void>;
}>;

/** The command bus's names from the settings (they must match the handlers'). */

const defaultInstanceId = (): string => `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9_-]/g, '_');

const ALL_SOURCES = [moderationActions, messagingActions, automationActions];

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });

/**
 * Starts the bot: the action executor (Discord REST, needs no gateway), the fact router, and
 * the gateway client with ingest, slash commands and the status publisher. Resolves once the
 * gateway is READY (slash commands registered).
 */
export const startBot = async (opts: StartBotOptions): Promise<Bot> => {
  const { settings: s, logger } = opts;
  const parts: BotParts = { gateway: true, factRouter: true, executor: true, ...opts.parts };
  const ownNc = !opts.nc;
  const nc = opts.nc ?? (await connectNats(s.NATS_URL, 'guildhall-discord-bot', logger));
  const instanceId = s.BOT_INSTANCE_ID ?? defaultInstanceId();
  const credentials = opts.credentials ?? (await resolveCredentials(s, logger));
  const shards = shardIdsOf(s);
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => logger.warn({ err }, 'stop step failed'));
    if (ownNc) await nc.drain().catch(() => undefined);
  };

  try {
    // The contexts whose streams the bot reads (cases for /case, actions to carry out, music, and a case's
    // appeals: the approval button checks an appeal decision against them, sealed statements and approvers' names included).
    const { store, open } = await openEventStore(s, nc, logger, mergePolicies(moderationPersonalData, communityPersonalData, messagingPersonalData, musicPersonalData, automationPersonalData, appealsPersonalData));
    const bus = await CommandBus.create({ nc, logger, ...commandBusNames(s) });
    const jsm = await jetstreamManager(nc);
    const discordStream = { name: s.DISCORD_STREAM, subjectPrefix: s.DISCORD_SUBJECT_PREFIX, maxAgeDays: s.DISCORD_FACT_MAX_AGE_DAYS };
    await ensureDiscordStream(jsm, discordStream);
    const publisher = new FactPublisher(jetstream(nc), s.DISCORD_SUBJECT_PREFIX, logger.child({ part: 'facts' }));
    cleanups.push(() => publisher.close());

    const executor = parts.executor
      ? await ActionExecutor.start({
          nc,
          store,
          open,
          bus,
          rest: instrumentRest(createActionRest(credentials.apiBase, credentials.token, s.DISCORD_REQUESTS_PER_SECOND)),
          sources: ALL_SOURCES.filter((src) => s.ACTION_CONTEXTS.includes(src.context)),
          eventsStream: s.EVENTS_STREAM,
          eventsSubjectPrefix: s.EVENTS_SUBJECT_PREFIX,
          consumerPrefix: s.ACTION_CONSUMER,
          concurrency: s.ACTION_CONCURRENCY,
          ackWaitMs: s.ACTION_ACK_WAIT_MS,
          giveUpMs: s.ACTION_GIVE_UP_MS,
          retryBaseMs: s.ACTION_RETRY_BASE_MS,
          logger: logger.child({ part: 'actions' }),
        })
      : null;
    if (executor) cleanups.push(() => executor.stop());

    const router = parts.factRouter
      ? await FactRouter.start({
          nc,
          bus,
          routes: [moderationRoutes, communityRoutes],
          stream: s.DISCORD_STREAM,
          subjectPrefix: s.DISCORD_SUBJECT_PREFIX,
          consumerName: s.FACT_ROUTER_CONSUMER,
          logger: logger.child({ part: 'fact-router' }),
        })
      : null;
    if (router) cleanups.push(() => router.stop());

    const client = createDiscordClient({
      apiBase: credentials.apiBase,
      shards,
      shardCount: s.DISCORD_SHARD_COUNT,
      presences: s.DISCORD_PRESENCES,
      messageContent: s.DISCORD_MESSAGE_CONTENT.kind !== 'none',
    });
    const stopSampling = instrumentDiscordClient(client, shards);
    cleanups.push(async () => stopSampling());
    const status = new StatusPublisher({
      nc,
      client,
      instanceId,
      target: credentials.target,
      shardIds: shards,
      shardCount: s.DISCORD_SHARD_COUNT,
      intervalMs: s.STATUS_INTERVAL_MS,
      subjectPrefix: s.STATUS_SUBJECT_PREFIX,
      bucket: s.STATUS_BUCKET,
      sources: {
        facts: () => {
          const f = publisher.snapshot();
          return { published: f.published, duplicates: f.duplicates, pending: f.pending };
        },
        actions: () => {
          const a = executor?.snapshot();
          return { succeeded: a?.succeeded ?? 0, failed: a?.failed ?? 0, inFlight: a?.inFlight ?? 0, retries: a?.retries ?? 0 };
        },
      },
      logger,
    });
    let ingest: GatewayIngest | null = null;
    if (parts.gateway) {
      ingest = new GatewayIngest(client, publisher, {
        contentAllowed: (guildId) => contentAllowed(s.DISCORD_MESSAGE_CONTENT, guildId),
        presenceWindowMs: s.PRESENCE_WINDOW_MS,
        logger: logger.child({ part: 'ingest' }),
        history: (guildId) => guildHistory(jsm, discordStream, guildId),
      });
      ingest.start();
      const slashDeps = {
        bus,
        store,
        waiter: createStreamWaiter(nc, store, s.EVENTS_SUBJECT_PREFIX, open),
        grants: { moderatorRoles: s.GUILDHALL_MODERATOR_ROLES },
        replyWaitMs: s.SLASH_REPLY_WAIT_MS,
        logger: logger.child({ part: 'slash-commands' }),
      };
      client.on(Events.InteractionCreate, (i) => {
        if (i.isChatInputCommand()) void handleSlashCommand(slashDeps, i);
        else if (i.isContextMenuCommand() && isReportCommandName(i.commandName)) void handleReportCommand(slashDeps, i);
        else if (i.isModalSubmit() && isReportFormId(i.customId)) void handleReportSubmit(slashDeps, i);
        else if (i.isButton()) void handleApprovalButton(slashDeps, i);
      });
      const ownCommands = (guildId: string) => customCommandDefinitions(store, guildId);
      if (s.SLASH_COMMANDS) client.on(Events.GuildCreate, (g) => void registerGuildCommands(g, logger, ownCommands));
      client.on(Events.ShardDisconnect, (_e, id) => logger.warn({ shard: id }, 'gateway shard disconnected'));
      client.on(Events.ShardReconnecting, (id) => logger.info({ shard: id }, 'gateway shard reconnecting'));
      client.on(Events.ShardResume, (id, replayed) => logger.info({ shard: id, replayed }, 'gateway shard resumed'));
      client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
      client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      cleanups.push(async () => {
        ingest?.stop();
        await client.destroy();
      });
      const music = s.MUSIC ? await startBotMusic({ client, nc, bus, store, settings: s, credentials, logger }) : null;
      if (music) cleanups.push(() => music.stop());
      await client.login(credentials.token);
      await withTimeout(ready, opts.readyTimeoutMs ?? 60_000, 'gateway READY');
      await music?.onReady();
      if (s.SLASH_COMMANDS) {
        // Listening first: a save while READY registers is re-registered after it, not lost.
        const sync = await startCommandSync({
          nc,
          client,
          streamName: s.EVENTS_STREAM,
          subjectPrefix: s.EVENTS_SUBJECT_PREFIX,
          // One per shard set (stable across restarts): each replica re-registers the guilds of its own shards.
          consumerName: `custom-commands-shards-${shards.join("_")}`,
          deadLetters: { stream: bus.config.deadLetterStream, prefix: bus.config.deadLetterPrefix },
          own: ownCommands,
          logger: logger.child({ part: 'custom-commands' }),
        });
        cleanups.push(() => sync.stop());
        const registered = await registerCommandsOnReady(client, logger, ownCommands);
        logger.info({ guilds: client.guilds.cache.size, registered }, 'slash commands registered');
      }
    }
    await status.start();
    cleanups.push(() => status.stop());
    logger.info({ instanceId, shards, shardCount: s.DISCORD_SHARD_COUNT, target: credentials.target, parts }, 'bot started');
    return { client, nc, instanceId, credentials, executor, router, ingest, publisher, status, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
};
