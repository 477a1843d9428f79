import {
  appealSettingsAggregate,
  appealSettingsStreamId,
  emailPreferenceAggregate,
  emailPreferenceStreamId,
  emailRecipient,
  notificationAggregate,
  notificationEvents,
  pendingAttempt,
  type NotificationQueued,
  type RetryPolicy,
} from '@guildhall/appeals';
import { notificationsHandler, registerNotifications } from '@guildhall/appeals/notifications-handler';
import {
  aggregateStream,
  createStreamWaiter,
  decodeCommitMessage,
  openAsStored,
  startReactor,
  withCorrelation,
  type CommandBus,
  type CommandConsumer,
  type EventStore,
  type Logger,
  type OpenEvents,
  type Reactor,
} from '@guildhall/eventing';
import { deterministicId, eventFromEnvelope, parseStreamId, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import { OutcomeUnknown, type AttemptOutcome } from './attempt-outcome.js';
import { discordTransport, NOTIFIER_ACTOR } from './discord-transport.js';
import type { EmailTransport } from './email-transport.js';
import { memberOf, notificationsFor } from './triggers.js';

export type NotifierOptions = Readonly<{
  nc: NatsConnection;
  store: EventStore;
  bus: CommandBus;
  logger: Logger;
  streamName: string;
  subjectPrefix: string;
  email: EmailTransport;
  publicUrl: string;
  linkSecret: string;
  retry: RetryPolicy;
  staffChannels: Readonly<Record<string, string>>;
  discordWaitMs: number;
  consumerPrefix: string;
  /** Unacked time before a crashed notifier's message is redelivered. Default 30 s. */
  ackWaitMs?: number;
  /** Opens the events' personal fields (the shredding store's `open`): a DM names the member and the case's reason. As stored when absent. */
  open?: OpenEvents;
}>;

export type Notifier = Readonly<{ stop(): Promise<void> }>;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('stopping'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(new Error('stopping'));
    };
    signal.addEventListener('abort', stop, { once: true });
  });

/**
 * The notifier: three reactors on the EVENTS stream and the `cmd.notifications.*` handler.
 * - triggers (moderation's and appeals' events) → QueueNotification, decided here; the ids
 *   derive from the triggering event, so a redelivery queues nothing twice;
 * - deliveries (the outbox streams) → one attempt at a time: wait for its retry time, send
 *   (SMTP, or a DM / staff post through messaging), record the outcome as an event. The commit
 *   is acknowledged only after the outcome is stored, so a crash before that runs the attempt
 *   again: nothing queued is lost. A crash after the transport took the message and before the
 *   outcome is stored sends it again (at least once; the email's Message-ID is the same).
 */
export const startNotifier = async (opts: NotifierOptions): Promise<Notifier> => {
  const log = opts.logger.child({ component: 'notifier' });
  const local = notificationsHandler(opts.store);
  const waiter = createStreamWaiter(opts.nc, opts.store, opts.subjectPrefix, opts.open ?? openAsStored);
  const discord = discordTransport({ bus: opts.bus, waiter, waitMs: opts.discordWaitMs });
  const deadLetters = { stream: opts.bus.config.deadLetterStream, prefix: opts.bus.config.deadLetterPrefix };
  const ackWaitMs = opts.ackWaitMs ?? 30_000;

  const decide = async (command: CommandEnvelope): Promise<void> => {
    const outcome = await local(command);
    if (outcome.status === 'rejected') log.error({ code: outcome.code, type: command.type, commandId: command.id, message: outcome.message }, 'a notifier command was refused');
  };
  const commandOf = (event: EventEnvelope, guildId: string, type: string, payload: unknown, key: string): CommandEnvelope => ({
    id: deterministicId('notifier', event.id, key),
    type,
    issuedAt: new Date().toISOString(),
    guildId,
    actor: NOTIFIER_ACTOR,
    source: 'api',
    correlationId: event.correlationId,
    causationId: event.id,
    payload,
  });

  const react = async (event: EventEnvelope): Promise<void> => {
    const member = memberOf(event);
    if (!member) return;
    const pref = member.userId ? (await aggregateStream(opts.store, emailPreferenceStreamId(member.userId), emailPreferenceAggregate)).state : undefined;
    const appealsOpen = event.type === 'CaseOpened' ? (await aggregateStream(opts.store, appealSettingsStreamId(event.guildId), appealSettingsAggregate)).state.settings.enabled : false;
    const queued = notificationsFor(
      event,
      { email: pref ? emailRecipient(pref) : undefined, appealsOpen, staffChannelId: opts.staffChannels[member.guildId] },
      { publicUrl: opts.publicUrl, secret: opts.linkSecret, retry: opts.retry, now: new Date() },
    );
    for (const q of queued) await decide(commandOf(event, q.guildId, 'QueueNotification', q.payload, q.payload.notificationId));
    if (queued.length > 0) log.info({ eventId: event.id, type: event.type, queued: queued.map((q) => q.payload.recipient.channel) }, 'notifications queued');
  };

  const deliver = async (streamId: string, signal: AbortSignal): Promise<void> => {
    const { state, events } = await aggregateStream(opts.store, streamId, notificationAggregate);
    const next = pendingAttempt(state);
    if (!next) return;
    const queuedEnvelope = events.find((e) => e.type === 'NotificationQueued');
    const queued = queuedEnvelope ? (eventFromEnvelope(notificationEvents, queuedEnvelope) as NotificationQueued | undefined) : undefined;
    if (!queuedEnvelope || !queued) return;
    const wait = next.dueAt ? Date.parse(next.dueAt) - Date.now() : 0;
    if (wait > 0) await sleep(wait, signal);
    const n = queued.data;
    let outcome: AttemptOutcome;
    if (n.recipient.channel === 'email') outcome = await opts.email.send({ ...n, recipient: n.recipient });
    else outcome = await discord.send(n, next.attempt, queuedEnvelope);
    const key = `attempt-${next.attempt}`;
    if (outcome.ok) {
      await decide(commandOf(queuedEnvelope, queuedEnvelope.guildId, 'RecordNotificationSent', { notificationId: n.notificationId, attempt: next.attempt, providerId: outcome.providerId.slice(0, 500) }, key));
      log.info({ notificationId: n.notificationId, channel: n.recipient.channel, attempt: next.attempt }, 'notification sent');
    } else {
      await decide(
        commandOf(queuedEnvelope, queuedEnvelope.guildId, 'RecordNotificationAttemptFailed', { notificationId: n.notificationId, attempt: next.attempt, code: outcome.code, reason: outcome.reason, permanent: outcome.permanent }, key),
      );
      log.warn({ notificationId: n.notificationId, channel: n.recipient.channel, attempt: next.attempt, code: outcome.code, permanent: outcome.permanent }, `notification attempt failed: ${outcome.reason}`);
    }
  };

  const decodeEvents = (m: Parameters<typeof decodeCommitMessage>[0]) => {
    const d = decodeCommitMessage(m, opts.subjectPrefix);
    return d.ok ? ({ ok: true, value: d.events } as const) : ({ ok: false, reason: d.reason } as const);
  };

  const triggerReactor = (context: string): Promise<Reactor> =>
    startReactor<readonly EventEnvelope[]>({
      nc: opts.nc,
      logger: log,
      name: `${opts.consumerPrefix}-triggers-${context}`,
      stream: opts.streamName,
      filterSubject: `${opts.subjectPrefix}.${context}.>`,
      // Only what happens from the first start on: a new notifier must not DM the whole history.
      deliverPolicy: 'new',
      deadLetters,
      decode: decodeEvents,
      label: (events) => ({ context: 'notifier', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
      concurrency: 16,
      ackWaitMs,
      maxAttempts: 10,
      backoffMs: [500, 1_000, 2_000, 5_000, 15_000, 30_000],
      handle: async (stored) => {
        for (const e of await (opts.open ?? openAsStored)(stored)) await withCorrelation(e.correlationId, () => react(e));
      },
    });

  const deliveries = await startReactor<string>({
    nc: opts.nc,
    logger: log,
    name: `${opts.consumerPrefix}-deliveries`,
    stream: opts.streamName,
    filterSubject: `${opts.subjectPrefix}.appeals.notification.>`,
    deadLetters,
    decode: (m) => {
      const streamId = m.subject.slice(opts.subjectPrefix.length + 1);
      return parseStreamId(streamId) ? { ok: true, value: streamId } : { ok: false, reason: `subject ${m.subject} names no stream` };
    },
    label: (streamId) => ({ context: 'notifier', command: 'deliver', commandId: streamId ?? null }),
    // Attempts waiting for their retry time hold a slot (a timer, nothing else): many at once.
    concurrency: 256,
    keyOf: (streamId) => streamId,
    ackWaitMs,
    // A delivery whose outcome stays unknown (the bot is down) is re-run with backoff; 20 tries ≈ 15 min.
    maxAttempts: 20,
    backoffMs: [1_000, 5_000, 15_000, 30_000, 60_000],
    handle: async (streamId, ctx) => {
      try {
        await deliver(streamId, ctx.signal);
      } catch (e) {
        if (e instanceof OutcomeUnknown) log.warn({ streamId }, e.message);
        throw e;
      }
    },
  });
  const triggers = [await triggerReactor('moderation'), await triggerReactor('appeals')];
  const commands: CommandConsumer = await registerNotifications(opts.bus, opts.store);
  log.info({ staffChannels: Object.keys(opts.staffChannels).length }, 'notifier started');
  return {
    stop: async () => {
      await commands.stop();
      await Promise.all(triggers.map((t) => t.stop()));
      await deliveries.stop();
      opts.email.close();
    },
  };
};

