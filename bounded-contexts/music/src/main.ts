/**
 * The music service (`npm start` runs it): the music command handlers (`cmd.music.*`) on the bus,
 * deciding on the event store, until SIGTERM/SIGINT, when the consumer stops pulling and lets its
 * commands settle.
 */
import { CommonSettingsSchema, parseSettings, runCommandService } from '@guildhall/eventing';
import { z } from 'zod';
import { register } from './handler.js';
import { musicPersonalData } from './personal-data.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker (one guild's commands conflict on its stream and are retried). */
  MUSIC_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
});

await runCommandService('music', () => parseSettings(SettingsSchema), {
  policy: musicPersonalData,
  // A guild's session stream only grows (every pause, every track): decide on what is cached, reading only what came after it.
  cacheStreams: true,
  register,
  concurrency: (settings) => settings.MUSIC_CONCURRENCY,
});
