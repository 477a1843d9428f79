/**
 * The notifier service (`npm start` runs it): turns sanctions, appeals and decisions into queued
 * notifications (an outbox of events) and delivers them: DMs and staff-channel posts through the
 * messaging context, emails through SMTP. Handles `cmd.notifications.*` (email preferences).
 */
import { CommandBus, commandBusNames, connectNats, mergePolicies, natsReady, openEventStore, runService } from '@guildhall/eventing';
import { messagingPersonalData } from '@guildhall/messaging';
import { moderationPersonalData } from '@guildhall/moderation';
import { appealsPersonalData, notificationsPersonalData } from '@guildhall/appeals';
import { DEMO_LINK_SECRET } from '@guildhall/appeals/notification-links';
import { smtpTransport } from './email-transport.js';
import { startNotifier } from './notifier.js';
import { loadNotifierSettings } from './settings.js';

await runService('notifier', () => loadNotifierSettings(), async (s, logger) => {
  if (s.NOTIFY_LINK_SECRET === DEMO_LINK_SECRET) logger.warn({ variable: 'NOTIFY_LINK_SECRET' }, 'NOTIFY_LINK_SECRET is the demo default: set your own outside the offline demo');
  const nc = await connectNats(s.NATS_URL, 'notifier', logger);
  const { store, open } = await openEventStore(s, nc, logger, mergePolicies(moderationPersonalData, messagingPersonalData, appealsPersonalData, notificationsPersonalData));
  const bus = await CommandBus.create({ nc, logger, ...commandBusNames(s) });
  const notifier = await startNotifier({
    nc,
    store,
    open,
    bus,
    logger,
    streamName: s.EVENTS_STREAM,
    subjectPrefix: s.EVENTS_SUBJECT_PREFIX,
    email: smtpTransport({ url: s.SMTP_URL, from: s.NOTIFY_FROM, timeoutMs: s.SMTP_TIMEOUT_MS }),
    publicUrl: s.PUBLIC_URL,
    linkSecret: s.NOTIFY_LINK_SECRET,
    retry: { maxAttempts: s.NOTIFY_MAX_ATTEMPTS, backoffMs: s.NOTIFY_RETRY_BACKOFF_MS },
    staffChannels: s.AUDIT_WITNESS_CHANNELS,
    discordWaitMs: s.NOTIFY_DISCORD_WAIT_MS,
    consumerPrefix: s.NOTIFIER_CONSUMER_PREFIX,
    ackWaitMs: s.NOTIFIER_ACK_WAIT_MS,
  });
  return {
    readyInfo: { smtp: new URL(s.SMTP_URL).host, staffChannels: Object.keys(s.AUDIT_WITNESS_CHANNELS).length },
    checks: { nats: natsReady(nc) },
    stop: async () => {
      await notifier.stop();
      await bus.close();
      await store.close();
      await nc.drain().catch(() => nc.close());
    },
  };
});
