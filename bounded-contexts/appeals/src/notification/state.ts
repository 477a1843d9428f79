import type { NotificationChannel, RetryPolicy } from './commands.js';
import type { NotificationEvent } from './events.js';

export type NotificationStatus = 'queued' | 'retrying' | 'sent' | 'given-up';

export type NotificationState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: NotificationStatus;
      notificationId: string;
      channel: NotificationChannel;
      /** Attempts that ended (failed or sent). */
      attempts: number;
      /** When the next attempt may run (queued: at once). */
      nextAttemptAt: string | null;
      retry: RetryPolicy;
    }>;

export const initialNotification = (): NotificationState => ({ status: 'none' });

export const evolveNotification = (s: NotificationState, e: NotificationEvent): NotificationState => {
  switch (e.type) {
    case 'NotificationQueued':
      return { status: 'queued', notificationId: e.data.notificationId, channel: e.data.recipient.channel, attempts: 0, nextAttemptAt: e.data.queuedAt, retry: e.data.retry };
    case 'NotificationSent':
      return s.status === 'none' ? s : { ...s, status: 'sent', attempts: e.data.attempt, nextAttemptAt: null };
    case 'NotificationAttemptFailed':
      return s.status === 'none' ? s : { ...s, status: 'retrying', attempts: e.data.attempt, nextAttemptAt: e.data.retryAt };
    case 'NotificationGivenUp':
      return s.status === 'none' ? s : { ...s, status: 'given-up', nextAttemptAt: null };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

/** The attempt a deliverer runs next; undefined when nothing is left to do. */
export const pendingAttempt = (s: NotificationState): Readonly<{ attempt: number; dueAt: string | null }> | undefined =>
  s.status === 'queued' || s.status === 'retrying' ? { attempt: s.attempts + 1, dueAt: s.nextAttemptAt } : undefined;
