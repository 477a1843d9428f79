/**
 * The community service (`npm start` runs it): the community command handlers on the bus, deciding on the
 * event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its commands settle.
 */
import {
  CommandBus,
  CommonSettingsSchema,
  connectNats,
  createEventStoreDbEventStore,
  createLogger,
  JetStreamEventStore,
  parseSettings,
  type EventStore,
  type Logger,
} from '@guildhall/eventing';
import { z } from 'zod';
import { register } from './handler.js';

const SERVICE = 'community';

const token = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must match [A-Za-z0-9_-]+ (a NATS name)');

/** Common settings plus the bus's other names (as every service names them) and the worker's tunables. */
const SettingsSchema = CommonSettingsSchema.extend({
  COMMAND_RESULTS_BUCKET: token.default('COMMAND_RESULTS'),
  DEAD_LETTERS_STREAM: token.default('DEAD_LETTERS'),
  DEAD_LETTERS_SUBJECT_PREFIX: token.default('dlq'),
  COMMAND_ACK_WAIT_MS: z.coerce.number().int().min(500).default(30_000),
  /** Commands decided at once by this worker. */
  COMMUNITY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
}).refine((s) => s.EVENT_STORE !== 'eventstoredb' || s.EVENTSTOREDB_URL !== undefined, {
  path: ['EVENTSTOREDB_URL'],
  message: 'required when EVENT_STORE=eventstoredb',
});
type Settings = z.infer<typeof SettingsSchema>;

const settingsOrExit = (boot: Logger): Settings | undefined => {
  try {
    // Empty variables count as unset (as in a typical .env file).
    const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
    return parseSettings(SettingsSchema as unknown as z.ZodObject, env) as Settings;
  } catch (e) {
    boot.fatal({ err: e }, (e as Error).message);
    process.exitCode = 1;
    return undefined;
  }
};

const openStore = (settings: Settings, nc: Awaited<ReturnType<typeof connectNats>>, logger: Logger): Promise<EventStore> =>
  settings.EVENT_STORE === 'eventstoredb' && settings.EVENTSTOREDB_URL
    ? createEventStoreDbEventStore({ connectionString: settings.EVENTSTOREDB_URL, logger })
    : JetStreamEventStore.create({ nc, streamName: settings.EVENTS_STREAM, subjectPrefix: settings.EVENTS_SUBJECT_PREFIX, logger });

const main = async (): Promise<void> => {
  const settings = settingsOrExit(createLogger(SERVICE));
  if (!settings) return;
  const logger = createLogger(SERVICE, settings.LOG_LEVEL);
  const nc = await connectNats(settings.NATS_URL, SERVICE, logger);
  const store = await openStore(settings, nc, logger);
  const bus = await CommandBus.create({
    nc,
    logger,
    streamName: settings.COMMANDS_STREAM,
    subjectPrefix: settings.COMMANDS_SUBJECT_PREFIX,
    resultsBucket: settings.COMMAND_RESULTS_BUCKET,
    deadLetterStream: settings.DEAD_LETTERS_STREAM,
    deadLetterPrefix: settings.DEAD_LETTERS_SUBJECT_PREFIX,
    ackWaitMs: settings.COMMAND_ACK_WAIT_MS,
  });
  const consumer = await register(bus, store, { concurrency: settings.COMMUNITY_CONCURRENCY });
  logger.info({ eventStore: settings.EVENT_STORE, commands: settings.COMMANDS_STREAM }, 'ready');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await consumer.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
      logger.info('stopped');
    } catch (e) {
      logger.error({ err: e }, 'unclean stop');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

main().catch((e: unknown) => {
  createLogger(SERVICE).fatal({ err: e }, `${SERVICE} failed to start: ${(e as Error).message}`);
  process.exit(1);
});
