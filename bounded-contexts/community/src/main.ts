/**
 * The community service (`npm start` runs it): the community command handlers on the bus, deciding on the
 * event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its commands settle.
 */
import {
  CommandBus,
  commandBusNames,
  CommonSettingsSchema,
  connectNats,
  natsReady,
  openEventStore,
  parseSettings,
  runService,
} from '@guildhall/eventing';
import { z } from 'zod';
import { register } from './handler.js';
import { communityPersonalData } from './personal-data.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  COMMUNITY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
});

await runService('community', () => parseSettings(SettingsSchema), async (settings, logger) => {
  const nc = await connectNats(settings.NATS_URL, 'community', logger);
  const { store } = await openEventStore(settings, nc, logger, communityPersonalData);
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(settings) });
  const consumer = await register(bus, store, { concurrency: settings.COMMUNITY_CONCURRENCY });
  return {
    readyInfo: { eventStore: settings.EVENT_STORE, commands: settings.COMMANDS_STREAM },
    checks: { nats: natsReady(nc) },
    stop: async () => {
      await consumer.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
    },
  };
});
