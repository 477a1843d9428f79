import { randomBytes } from 'node:crypto';
import { CommandBus, commandBusNames, connectNats, createLogger, JetStreamEventStore, type EventStore } from '@guildhall/eventing';
import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import { register as registerModeration } from '@guildhall/moderation/handler';
import { ModerationProcessManager } from '@guildhall/moderation/runtime';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { startSandbox, type SandboxHandle } from '@guildhall/discord-sandbox';
import { decodeFact, type DiscordFact } from '../src/facts/index.js';
import { loadBotSettings, type BotSettings } from '../src/settings.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const testLogger = createLogger('discord-bot-test', process.env.LOG_LEVEL ?? 'silent');

/** Every JetStream name one test file uses, unique so files running side by side never meet. */
export const uniqueEnv = (tag: string): Record<string, string> => {
  const id = `${tag}_${randomBytes(4).toString('hex')}`;
  return {
    NATS_URL,
    EVENTS_STREAM: `EV_${id}`,
    EVENTS_SUBJECT_PREFIX: `es_${id}`,
    COMMANDS_STREAM: `CMD_${id}`,
    COMMANDS_SUBJECT_PREFIX: `cmd_${id}`,
    COMMAND_RESULTS_BUCKET: `RES_${id}`,
    DEAD_LETTERS_STREAM: `DLQ_${id}`,
    DEAD_LETTERS_SUBJECT_PREFIX: `dlq_${id}`,
    DISCORD_STREAM: `DISC_${id}`,
    DISCORD_SUBJECT_PREFIX: `disc_${id}`,
    STATUS_BUCKET: `STATUS_${id}`,
    STATUS_SUBJECT_PREFIX: `status_${id}`,
    BOT_INSTANCE_ID: `bot_${id}`,
    ACTION_ACK_WAIT_MS: '2000',
    ACTION_RETRY_BASE_MS: '100',
    STATUS_INTERVAL_MS: '500',
    PRESENCE_WINDOW_MS: '1000',
    SLASH_REPLY_WAIT_MS: '10000',
    // The music part has its own tests (music-player, music-driver); the others run without voice.
    MUSIC: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  };
};

export const settingsFor = (env: Record<string, string>, sandbox: SandboxHandle, extra: Record<string, string> = {}): BotSettings =>
  loadBotSettings({ ...env, SANDBOX_URL: sandbox.url, ...extra });

/** Deletes every stream and bucket of `uniqueEnv` (missing ones are fine). */
export const deleteStreams = async (nc: NatsConnection, env: Record<string, string>): Promise<void> => {
  const jsm = await jetstreamManager(nc);
  for (const name of [env.EVENTS_STREAM, env.COMMANDS_STREAM, env.DEAD_LETTERS_STREAM, env.DISCORD_STREAM, `KV_${env.COMMAND_RESULTS_BUCKET}`, `KV_${env.STATUS_BUCKET}`]) {
    if (name) await jsm.streams.delete(name).catch(() => undefined);
  }
};

export const startTestSandbox = (): Promise<SandboxHandle> =>
  startSandbox({ port: 0, seed: 1, simulator: { enabled: false }, heartbeatIntervalMs: 1_000 });

export type Infra = Readonly<{ nc: NatsConnection; store: JetStreamEventStore; bus: CommandBus }>;

export const connectInfra = async (settings: BotSettings, name: string): Promise<Infra> => {
  const nc = await connectNats(NATS_URL, name);
  const store = await JetStreamEventStore.create({ nc, streamName: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger: testLogger });
  const bus = await CommandBus.create({ nc, logger: testLogger, ...commandBusNames(settings), backoffMs: [100, 200, 400] });
  return { nc, store, bus };
};

/** Moderation as the running system has it: its handler on the bus and its process manager. */
export const startModeration = async ({ nc, bus, store }: Infra): Promise<{ stop: () => Promise<void> }> => {
  const consumer = await registerModeration(bus, store);
  const processManager = await ModerationProcessManager.start({
    nc,
    bus,
    streamName: store.streamName,
    subjectPrefix: store.subjectPrefix,
    logger: testLogger,
    ackWaitMs: 2_000,
  });
  return {
    stop: async () => {
      await processManager.stop();
      await consumer.stop();
    },
  };
};

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export const eventually = async <T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<Exclude<T, undefined | false | null>> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false && v !== null) return v as Exclude<T, undefined | false | null>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Every stored event of a type (for assertions). */
export const eventsOfType = async (store: EventStore, type: string): Promise<EventEnvelope[]> =>
  (await store.readAll()).filter((e) => e.type === type);

export const commandEnvelope = (type: string, guildId: string, payload: unknown, actor = { kind: 'dashboard-user' as const, id: 'mod-1', name: 'Ada' }): CommandEnvelope => {
  const id = `${type}-${randomBytes(6).toString('hex')}`;
  return { id, type, issuedAt: new Date().toISOString(), guildId, actor, source: 'web', correlationId: id, causationId: null, payload };
};

/** Every fact in the DISCORD stream of this test (an ordered consumer read from the start). */
export const readFacts = async (nc: NatsConnection, stream: string): Promise<DiscordFact[]> => {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const total = info.state.messages;
  if (total === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream);
  const facts: DiscordFact[] = [];
  const messages = await consumer.fetch({ max_messages: total, expires: 2_000 });
  for await (const m of messages) {
    const decoded = decodeFact(m.data);
    if ('fact' in decoded) facts.push(decoded.fact);
    if (m.info.pending === 0) break;
  }
  return facts;
};
