import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * The appeals' personal data: what an appellant wrote (the statement, their answers to the
 * guild's questions), keyed by the appellant, so "forget me" erases it while the appeal — its
 * case, state, decision and reason — stays readable. The notifications' own policy
 * (addresses, what was sent) is `notificationsPersonalData`.
 */
export const appealsPersonalData: PersonalDataPolicy = {
  AppealSubmitted: [
    { path: 'statement', member: 'appellantId' },
    { path: 'answers', member: 'appellantId' },
  ],
};
