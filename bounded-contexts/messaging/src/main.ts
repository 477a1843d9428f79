/**
 * The messaging service (`npm start` runs it): the messaging command handlers on the bus, deciding on the
 * event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its commands settle.
 */
import { CommonSettingsSchema, parseSettings, runCommandService } from '@guildhall/eventing';
import { z } from 'zod';
import { register } from './handler.js';
import { messagingPersonalData } from './personal-data.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  MESSAGING_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
});

await runCommandService('messaging', () => parseSettings(SettingsSchema), {
  policy: messagingPersonalData,
  register,
  concurrency: (settings) => settings.MESSAGING_CONCURRENCY,
});
