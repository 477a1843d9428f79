/**
 * The appeals service (`npm start` runs it): the appeals command handler (`cmd.appeals.*`), the
 * workflow that lifts a sanction when its appeal is approved, and the reminder of appeals waiting
 * past the guild's review limit, until SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import { CommonSettingsSchema, mergePolicies, openContextConnections, parseSettings, runService } from '@guildhall/eventing';
import { moderationPersonalData } from '@guildhall/moderation';
import { z } from 'zod';
import { appealsPersonalData } from './personal-data.js';
import { startAppealsService } from './runtime/index.js';

const SettingsSchema = CommonSettingsSchema.extend({
  APPEALS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  APPEALS_WORKFLOW_CONSUMER: z.string().regex(/^[A-Za-z0-9_-]+$/).default('appeals-workflow'),
  /** How often appeals past their review limit are looked for. */
  APPEALS_REMINDER_SWEEP_MS: z.coerce.number().int().min(1_000).default(60_000),
});

await runService('appeals', () => parseSettings(SettingsSchema), async (settings, logger) => {
  // Behind crypto-shredding: statements are sealed under the appellant's key; the cases it reads (moderation's) hold names.
  const policy = mergePolicies(appealsPersonalData, moderationPersonalData);
  const { checks, close, ...connections } = await openContextConnections('appeals', settings, logger, policy, { cacheStreams: true, pool: { max: 4 } });
  const service = await startAppealsService({
    ...connections,
    logger,
    handlerConcurrency: settings.APPEALS_CONCURRENCY,
    workflowConsumer: settings.APPEALS_WORKFLOW_CONSUMER,
    reminderSweepMs: settings.APPEALS_REMINDER_SWEEP_MS,
  });
  return {
    readyInfo: { streamName: connections.streamName, subjectPrefix: connections.subjectPrefix, commands: settings.COMMANDS_STREAM },
    checks,
    stop: async () => {
      await service.stop();
      await close();
    },
  };
});
