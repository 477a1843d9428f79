/**
 * The automation service (`npm start` runs it): the `cmd.automation.*` handlers on the bus and
 * the parts beside them (the scheduler, automod, workflows; see runtime/parts.ts), until
 * SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import { CommonSettingsSchema, mergePolicies, openContextConnections, parseSettings, runService } from '@guildhall/eventing';
import { communityPersonalData } from '@guildhall/community';
import { moderationPersonalData } from '@guildhall/moderation';
import { z } from 'zod';
import { automationHandler } from './handler.js';
import { automationPersonalData } from './personal-data.js';
import { AUTOMATION_CONTEXT } from './context.js';
import { automationParts } from './runtime/parts.js';
import { startAutomationParts } from './runtime/start-parts.js';

const SettingsSchema = CommonSettingsSchema.extend({
  /** Commands decided at once by this worker. */
  AUTOMATION_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
  /** The bot's facts (the bot's own defaults): message-posted workflows read them. */
  DISCORD_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('DISCORD'),
  DISCORD_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('discord'),
});

await runService('automation', () => parseSettings(SettingsSchema), async (settings, logger) => {
  // Behind crypto-shredding, with its stream cache under it (ciphertext): automod hits quote
  // messages, and the events its parts react to (messages, joins, cases) hold names.
  const policy = mergePolicies(automationPersonalData, communityPersonalData, moderationPersonalData);
  const { checks, close, ...connections } = await openContextConnections('automation', settings, logger, policy, { cacheStreams: true, pool: { max: 6 } });
  const { store, bus, streamName, subjectPrefix } = connections;
  // One handler for the bus and the parts, so commands on one stream queue in-process.
  const handle = automationHandler(store);
  const consumer = await bus.handle(AUTOMATION_CONTEXT, handle, { concurrency: settings.AUTOMATION_CONCURRENCY });
  const discordFacts = { streamName: settings.DISCORD_STREAM, subjectPrefix: settings.DISCORD_SUBJECT_PREFIX };
  const parts = await startAutomationParts({ ...connections, discordFacts, logger, handle });
  return {
    readyInfo: { streamName, subjectPrefix, commands: settings.COMMANDS_STREAM, parts: automationParts.map((p) => p.name) },
    checks,
    stop: async () => {
      await parts.stop();
      await consumer.stop();
      await close();
    },
  };
});
