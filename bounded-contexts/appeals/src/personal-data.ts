import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * The appeals' personal data: what an appellant wrote (the statement, their answers to the
 * guild's questions), keyed by the appellant, so "forget me" erases it while the appeal — its
 * case, state, decision and reason — stays readable. And under four-eyes, the name of the second
 * moderator who approved a decision, keyed by that moderator (their id stays, like a case's
 * names): forgetting them reads it `[erased]`; an AppealDecided stored before this was sealed
 * reads as it was written (the store opens only sealed fields). The notifications' own policy
 * (addresses, what was sent) is `notificationsPersonalData`.
 */
export const appealsPersonalData: PersonalDataPolicy = {
  AppealSubmitted: [
    { path: 'statement', member: 'appellantId' },
    { path: 'answers', member: 'appellantId' },
  ],
  AppealDecided: [{ path: 'approval.approvedBy.name', member: 'approval.approvedBy.id' }],
};
