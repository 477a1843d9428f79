import { DomainError, type Decider } from '@guildhall/kernel';
import type { NotificationCommand } from './commands.js';
import type { NotificationEvent } from './events.js';
import { evolveNotification, initialNotification, type NotificationState } from './state.js';

export const NotificationErrorCodes = {
  NOTIFICATION_NOT_FOUND: 'NOTIFICATION_NOT_FOUND',
  NOTIFICATION_ATTEMPT_OUT_OF_ORDER: 'NOTIFICATION_ATTEMPT_OUT_OF_ORDER',
} as const;

type Of<T extends NotificationCommand['type']> = Extract<NotificationCommand, { type: T }>;
type Known = Exclude<NotificationState, { status: 'none' }>;

/** The wait before the attempt after `failures` failed ones (the policy's last value repeats). */
export const backoffAfter = (backoffMs: readonly number[], failures: number): number =>
  backoffMs[Math.min(Math.max(failures, 1), backoffMs.length) - 1] ?? 0;

const known = (c: Of<'RecordNotificationSent' | 'RecordNotificationAttemptFailed'>, s: NotificationState): Known => {
  if (s.status === 'none') throw new DomainError(NotificationErrorCodes.NOTIFICATION_NOT_FOUND, `no notification ${c.data.notificationId}`);
  return s;
};

/** An outcome of an attempt that already ended is a redelivery: nothing new. One past the next is a bug in the deliverer. */
const isSettledAttempt = (s: Known, attempt: number): boolean => s.status === 'sent' || s.status === 'given-up' || attempt <= s.attempts;

const checkNext = (s: Known, attempt: number): void => {
  if (attempt !== s.attempts + 1) {
    throw new DomainError(NotificationErrorCodes.NOTIFICATION_ATTEMPT_OUT_OF_ORDER, `attempt ${attempt} of ${s.notificationId}: the next one is ${s.attempts + 1}`, {
      attempt,
      next: s.attempts + 1,
    });
  }
};

export const decideNotification = (c: NotificationCommand, s: NotificationState): NotificationEvent[] => {
  switch (c.type) {
    case 'QueueNotification':
      // Deterministic ids: the same trigger queues the same notification once.
      if (s.status !== 'none') return [];
      return [{ type: 'NotificationQueued', data: { ...c.data, queuedAt: c.meta.now } }];
    case 'RecordNotificationSent': {
      const k = known(c, s);
      if (isSettledAttempt(k, c.data.attempt)) return [];
      checkNext(k, c.data.attempt);
      return [{ type: 'NotificationSent', data: { notificationId: k.notificationId, attempt: c.data.attempt, providerId: c.data.providerId, sentAt: c.meta.now } }];
    }
    case 'RecordNotificationAttemptFailed': {
      const k = known(c, s);
      if (isSettledAttempt(k, c.data.attempt)) return [];
      checkNext(k, c.data.attempt);
      const { attempt, code, reason, permanent } = c.data;
      const last = permanent || attempt >= k.retry.maxAttempts;
      const retryAt = last ? null : new Date(Date.parse(c.meta.now) + backoffAfter(k.retry.backoffMs, attempt)).toISOString();
      const failed: NotificationEvent = { type: 'NotificationAttemptFailed', data: { notificationId: k.notificationId, attempt, code, reason, failedAt: c.meta.now, retryAt } };
      if (!last) return [failed];
      return [failed, { type: 'NotificationGivenUp', data: { notificationId: k.notificationId, attempts: attempt, code, reason, gaveUpAt: c.meta.now } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const notificationDecider: Decider<NotificationState, NotificationCommand, NotificationEvent> = {
  decide: decideNotification,
  evolve: evolveNotification,
  initialState: initialNotification,
};
