import { DomainError, type Decider } from '@guildhall/kernel';
import type { EmailPreferenceCommand } from './commands.js';
import type { EmailPreferenceEvent } from './events.js';
import { evolveEmailPreference, initialEmailPreference, type EmailPreferenceState } from './state.js';

export const EmailPreferenceErrorCodes = {
  /** The link is not the latest one sent (an older address, or one already used). */
  CONFIRMATION_UNKNOWN: 'CONFIRMATION_UNKNOWN',
  /** Emails need a confirmed address first. */
  EMAIL_NOT_CONFIRMED: 'EMAIL_NOT_CONFIRMED',
} as const;

export const decideEmailPreference = (c: EmailPreferenceCommand, s: EmailPreferenceState): EmailPreferenceEvent[] => {
  const { userId } = c.data;
  const now = c.meta.now;
  switch (c.type) {
    case 'SetEmailAddress': {
      const { email, verifiedByDiscord } = c.data;
      if (verifiedByDiscord) {
        if (s.email === email && s.enabled) return [];
        const out: EmailPreferenceEvent[] = [];
        if (s.email !== email) out.push({ type: 'EmailAddressConfirmed', data: { userId, email, via: 'discord', confirmedAt: now } });
        // Giving the address is the opt-in.
        if (!s.enabled) out.push({ type: 'EmailNotificationsEnabled', data: { userId, enabledAt: now } });
        return out;
      }
      if (s.email === email || s.pending?.email === email) return [];
      // The command id names the link, so the link mailed for an older address stops working.
      return [{ type: 'EmailConfirmationRequested', data: { userId, email, confirmationId: c.meta.commandId, requestedAt: now } }];
    }
    case 'ConfirmEmailAddress': {
      if (s.pending === null && s.email !== null) return [];
      if (s.pending?.confirmationId !== c.data.confirmationId) {
        throw new DomainError(EmailPreferenceErrorCodes.CONFIRMATION_UNKNOWN, 'this confirmation link is not the latest one sent: ask for a new one');
      }
      const out: EmailPreferenceEvent[] = [{ type: 'EmailAddressConfirmed', data: { userId, email: s.pending.email, via: 'link', confirmedAt: now } }];
      if (!s.enabled) out.push({ type: 'EmailNotificationsEnabled', data: { userId, enabledAt: now } });
      return out;
    }
    case 'SetEmailNotifications': {
      if (c.data.enabled === s.enabled) return [];
      if (!c.data.enabled) return [{ type: 'EmailNotificationsDisabled', data: { userId, via: c.data.via, disabledAt: now } }];
      if (s.email === null) throw new DomainError(EmailPreferenceErrorCodes.EMAIL_NOT_CONFIRMED, 'confirm an email address first', { field: 'enabled' });
      return [{ type: 'EmailNotificationsEnabled', data: { userId, enabledAt: now } }];
    }
    case 'RemoveEmailAddress':
      return s.email === null && s.pending === null && !s.enabled ? [] : [{ type: 'EmailAddressRemoved', data: { userId, removedAt: now } }];
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const emailPreferenceDecider: Decider<EmailPreferenceState, EmailPreferenceCommand, EmailPreferenceEvent> = {
  decide: decideEmailPreference,
  evolve: evolveEmailPreference,
  initialState: initialEmailPreference,
};
