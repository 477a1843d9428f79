import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * Automation's personal data: what a hit of an automod rule quotes of the member — the message's
 * content (keyed per author and day, like MessagePosted's, so per-guild retention shreds old days
 * here too) and the member's name. The hit itself (rule, message id, author id, outcome) stays.
 */
export const automationPersonalData: PersonalDataPolicy = {
  AutomodRuleHit: [
    { path: 'subject.content', member: 'subject.authorId', scope: 'day' },
    { path: 'subject.authorName', member: 'subject.authorId' },
    { path: 'subject.userName', member: 'subject.userId' },
  ],
};
