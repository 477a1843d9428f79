/**
 * The moderation service (`npm start` runs it): the moderation command handlers, the process
 * manager that chains them (member record → case number → case → outcomes, bulk fan-out) and
 * the expiry scheduler, until SIGTERM/SIGINT, when each stops pulling and lets its work settle.
 */
import { openContextConnections, runService } from '@guildhall/eventing';
import { moderationPersonalData } from './personal-data.js';
import { loadModerationSettings, startModerationService } from './runtime/index.js';

await runService('moderation', loadModerationSettings, async (settings, logger) => {
  const { checks, close, ...connections } = await openContextConnections('moderation', settings, logger, moderationPersonalData, { cacheStreams: true, pool: { max: 6 } });
  const service = await startModerationService({
    ...connections,
    logger,
    handlerConcurrency: settings.MODERATION_CONCURRENCY,
    process: {
      consumerName: settings.MODERATION_PROCESS_CONSUMER,
      concurrency: settings.MODERATION_PROCESS_CONCURRENCY,
      ackWaitMs: settings.MODERATION_PROCESS_ACK_WAIT_MS,
    },
    expiry: { tickMs: settings.EXPIRY_TICK_MS },
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
