import type { PersonalDataPolicy, PersonalField } from '@guildhall/kernel';
import { moderationEvents } from './moderation-events.js';
import { UserRefSchema } from './moderation-schemas.js';

/** The member references (`{ id, name }`) in moderation payloads: the name is the member's personal data, the id stays so cases stay readable. */
const USER_REF_FIELDS = ['target', 'executor'] as const;

/**
 * Moderation's personal data: the name of every member a payload refers to, keyed by that
 * member's id. Derived from the event schemas, so a new event with a `target` is covered without
 * a second list to keep in step. Not covered: the `targets` array of BulkActionRequested (the
 * store's paths do not go into arrays; its member names are repeated, covered, per member in the
 * bulk's member events and cases).
 */
export const moderationPersonalData: PersonalDataPolicy = Object.fromEntries(
  Object.entries(moderationEvents).flatMap(([type, schema]) => {
    const shape = schema.shape as Record<string, unknown>;
    const fields: PersonalField[] = USER_REF_FIELDS.filter((f) => shape[f] === UserRefSchema).map((f) => ({ path: `${f}.name`, member: `${f}.id` }));
    return fields.length > 0 ? [[type, fields]] : [];
  }),
);
