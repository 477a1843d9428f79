import type { PersonalDataPolicy } from '@guildhall/eventing';

/**
 * The notifications' personal data, for the crypto-shredding store: the member's address and
 * what was written to them (their case, its reason), keyed by the member. A member's own streams
 * (email preference) carry the guild id MEMBER_SCOPE_GUILD ("0"), so their key is `0/<userId>`.
 */
export const notificationsPersonalData: PersonalDataPolicy = {
  NotificationQueued: [
    { path: 'recipient.email', member: 'recipient.userId' },
    { path: 'content.text', member: 'recipient.userId' },
    { path: 'content.html', member: 'recipient.userId' },
  ],
  EmailConfirmationRequested: [{ path: 'email', member: 'userId' }],
  EmailAddressConfirmed: [{ path: 'email', member: 'userId' }],
};
