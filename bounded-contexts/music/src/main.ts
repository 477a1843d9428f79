/**
 * The music service (`npm start` runs it): the music command handlers (`cmd.music.*`) on the bus,
 * deciding on the event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its
 * commands settle.
 */
import { CommandBus, commandBusNames, CommonSettingsSchema, connectNats, openEventStore, parseSettings, runService } from '@guildhall/eventing';
import { z } from 'zod';
import { register } from './handler.js';
import { musicPersonalData } from './personal-data.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker (one guild's commands conflict on its stream and are retried). */
  MUSIC_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
});

await runService('music', () => parseSettings(SettingsSchema), async (settings, logger) => {
  const nc = await connectNats(settings.NATS_URL, 'music', logger);
  const { store } = await openEventStore(settings, nc, logger, musicPersonalData, { cacheStreams: true });
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  // A guild's session stream only grows (every pause, every track): decide on what is cached, reading only what came after it.
  const consumer = await register(bus, store, { concurrency: settings.MUSIC_CONCURRENCY });
  return {
    readyInfo: { eventStore: settings.EVENT_STORE, commands: settings.COMMANDS_STREAM },
    stop: async () => {
      await consumer.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
    },
  };
});
