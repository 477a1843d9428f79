import { ERASED } from '@guildhall/kernel';
import type { EmailPreferenceEvent } from './events.js';

export type EmailPreferenceState = Readonly<{
  /** The confirmed address, or null. */
  email: string | null;
  /** An address waiting for its confirmation link. */
  pending: Readonly<{ email: string; confirmationId: string }> | null;
  /** Opted in: emails go to `email`. */
  enabled: boolean;
}>;

export const initialEmailPreference = (): EmailPreferenceState => ({ email: null, pending: null, enabled: false });

export const evolveEmailPreference = (s: EmailPreferenceState, e: EmailPreferenceEvent): EmailPreferenceState => {
  switch (e.type) {
    // A forgotten member's address reads as ERASED (its key destroyed): that is no address at all,
    // so nothing is mailed to "[erased]" and the member's page offers to give one again.
    case 'EmailConfirmationRequested':
      return { ...s, pending: e.data.email === ERASED ? null : { email: e.data.email, confirmationId: e.data.confirmationId } };
    case 'EmailAddressConfirmed':
      return { ...s, email: e.data.email === ERASED ? null : e.data.email, pending: null };
    case 'EmailNotificationsEnabled':
      return { ...s, enabled: true };
    case 'EmailNotificationsDisabled':
      return { ...s, enabled: false };
    case 'EmailAddressRemoved':
      return initialEmailPreference();
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

/** Where this member's emails go now; undefined when they did not opt in (or have no confirmed address). */
export const emailRecipient = (s: EmailPreferenceState): string | undefined => (s.enabled && s.email !== null ? s.email : undefined);
