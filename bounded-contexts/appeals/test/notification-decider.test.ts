import { DeciderSpecification, type CommandEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { notificationCommands, notificationDecider, notificationSlice, pendingAttempt, type NotificationEvent, type NotificationCommand } from '../src/index.js';

const NOW = '2026-12-03T12:00:00.000Z';
const ID = 'n-1';
const spec = DeciderSpecification.for(notificationDecider);

const command = <T extends keyof typeof notificationCommands>(type: T, payload: z.input<(typeof notificationCommands)[T]>, id = `${type}-1`, now = NOW): NotificationCommand => {
  const envelope: CommandEnvelope = {
    id, type, issuedAt: now, guildId: '100', actor: { kind: 'system', id: 'notifier', name: 'Notifier' }, source: 'api', correlationId: id, causationId: null, payload,
  };
  return notificationSlice.toCommand(envelope);
};

const queue: z.output<(typeof notificationCommands)['QueueNotification']> = {
  notificationId: ID,
  kind: 'appeal-decided',
  recipient: { channel: 'email', userId: '300', email: 'mia@example.test' },
  content: { subject: 'Your appeal', text: 'Approved.', html: '<p>Approved.</p>' },
  trigger: { eventId: 'ev-1', type: 'AppealDecided' },
  retry: { maxAttempts: 3, backoffMs: [1_000, 60_000] },
};
const queued: NotificationEvent = { type: 'NotificationQueued', data: { ...queue, queuedAt: NOW } };
const failed = (attempt: number, retryAt: string | null): NotificationEvent => ({ type: 'NotificationAttemptFailed', data: { notificationId: ID, attempt, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED', failedAt: NOW, retryAt } });

describe('notification outbox decider', () => {
  it('given nothing, when queued, then NotificationQueued with the retry policy', () => {
    spec.given([]).when(command('QueueNotification', queue)).then([queued]);
  });

  it('given queued, when queued again (a redelivered trigger), then nothing', () => {
    spec.given([queued]).when(command('QueueNotification', queue, 'other')).then([]);
  });

  it('given queued, when attempt 1 is sent, then NotificationSent; a repeat of it changes nothing', () => {
    const sent: NotificationEvent = { type: 'NotificationSent', data: { notificationId: ID, attempt: 1, providerId: '<m1@x>', sentAt: NOW } };
    spec.given([queued]).when(command('RecordNotificationSent', { notificationId: ID, attempt: 1, providerId: '<m1@x>' })).then([sent]);
    spec.given([queued, sent]).when(command('RecordNotificationSent', { notificationId: ID, attempt: 1, providerId: '<m1@x>' })).then([]);
  });

  it('given queued, when attempt 1 fails, then a retry is due after the first backoff; attempt 2 after the second (the last repeats)', () => {
    spec.given([queued]).when(command('RecordNotificationAttemptFailed', { notificationId: ID, attempt: 1, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED' })).then([failed(1, '2026-12-03T12:00:01.000Z')]);
    spec.given([queued, failed(1, 'x')]).when(command('RecordNotificationAttemptFailed', { notificationId: ID, attempt: 2, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED' })).then([failed(2, '2026-12-03T12:01:00.000Z')]);
  });

  it('given two failures of three allowed, when the third fails, then it is given up', () => {
    spec
      .given([queued, failed(1, 'a'), failed(2, 'b')])
      .when(command('RecordNotificationAttemptFailed', { notificationId: ID, attempt: 3, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED' }))
      .then([failed(3, null), { type: 'NotificationGivenUp', data: { notificationId: ID, attempts: 3, code: 'SMTP_UNREACHABLE', reason: 'ECONNREFUSED', gaveUpAt: NOW } }]);
  });

  it('a permanent failure gives up at once', () => {
    spec
      .given([queued])
      .when(command('RecordNotificationAttemptFailed', { notificationId: ID, attempt: 1, code: 'DM_CLOSED', reason: 'closed DMs', permanent: true }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['NotificationAttemptFailed', 'NotificationGivenUp']));
  });

  it('rejects an outcome for an unknown notification and one that skips an attempt', () => {
    spec.given([]).when(command('RecordNotificationSent', { notificationId: ID, attempt: 1, providerId: 'p' })).thenRejects('NOTIFICATION_NOT_FOUND');
    spec.given([queued]).when(command('RecordNotificationSent', { notificationId: ID, attempt: 3, providerId: 'p' })).thenRejects('NOTIFICATION_ATTEMPT_OUT_OF_ORDER');
  });

  it('the pending attempt: the first at once, the next at its retry time, none once sent', () => {
    const fold = (events: NotificationEvent[]) => events.reduce(notificationDecider.evolve, notificationDecider.initialState());
    expect(pendingAttempt(fold([queued]))).toEqual({ attempt: 1, dueAt: NOW });
    expect(pendingAttempt(fold([queued, failed(1, 'T')]))).toEqual({ attempt: 2, dueAt: 'T' });
    expect(pendingAttempt(fold([queued, { type: 'NotificationSent', data: { notificationId: ID, attempt: 1, providerId: 'p', sentAt: NOW } }]))).toBeUndefined();
  });

  it('refuses a bad address and a NUL-free but empty subject at the schema', () => {
    expect(() => command('QueueNotification', { ...queue, recipient: { channel: 'email', userId: '300', email: 'not-an-address' } })).toThrow(/payload.recipient.email/);
    expect(() => command('QueueNotification', { ...queue, content: { ...queue.content, subject: '' } })).toThrow(/payload.content.subject/);
  });
});
