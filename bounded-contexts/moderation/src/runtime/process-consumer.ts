import { MODERATION } from '../stream-ids.js';

/** Every moderation stream: one filter string, which nats-server 2.9 supports (arrays need 2.10). */
export const moderationEventsFilter = (subjectPrefix: string): string => `${subjectPrefix}.${MODERATION}.>`;
