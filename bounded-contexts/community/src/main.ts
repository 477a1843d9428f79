/**
 * The community service (`npm start` runs it): the community command handlers on the bus, deciding on the
 * event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its commands settle.
 */
import { CommonSettingsSchema, parseSettings, runCommandService } from '@guildhall/eventing';
import { z } from 'zod';
import { register } from './handler.js';
import { communityPersonalData } from './personal-data.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  COMMUNITY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
});

await runCommandService('community', () => parseSettings(SettingsSchema), {
  policy: communityPersonalData,
  register,
  concurrency: (settings) => settings.COMMUNITY_CONCURRENCY,
});
