import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * The personal data of the appeals context's events, keyed by the member it belongs to, so
 * "forget me" erases it while the record stays readable:
 * - what an appellant wrote (the statement, their answers to the guild's questions) — the
 *   appeal's case, state, decision and reason stay;
 * - a member's email address, as requested and as confirmed;
 * - a notification's address and content (its text names the member and the case's reason). A
 *   post to a staff channel has no member to key it by and stays as it is.
 */
export const appealsPersonalData: PersonalDataPolicy = {
  AppealSubmitted: [
    { path: 'statement', member: 'appellantId' },
    { path: 'answers', member: 'appellantId' },
  ],
  EmailConfirmationRequested: [{ path: 'email', member: 'userId' }],
  EmailAddressConfirmed: [{ path: 'email', member: 'userId' }],
  NotificationQueued: [
    { path: 'recipient.email', member: 'recipient.userId' },
    { path: 'content', member: 'recipient.userId' },
  ],
};
