import type { PersonalDataPolicy, PersonalField } from '@guildhall/kernel';
import { z } from 'zod';
import { moderationEvents } from './moderation-events.js';
import { UserRefSchema } from './moderation-schemas.js';

/** Every member reference (`{ id, name }`) in a payload schema, as dot paths, nested objects included (`request.target`). */
const userRefPaths = (schema: z.ZodObject, at = ''): string[] =>
  Object.entries(schema.shape).flatMap(([key, field]) => {
    const path = `${at}${key}`;
    if (field === UserRefSchema) return [path];
    return field instanceof z.ZodObject ? userRefPaths(field, `${path}.`) : [];
  });

/**
 * Moderation's personal data: the name of every member a payload refers to (target, executor,
 * a request's target), keyed by that member's id; the id stays, so cases stay readable. Derived
 * from the event schemas, so a new event with a member reference is covered without a second
 * list to keep in step. Not covered: the `targets` array of BulkActionRequested (the store's
 * paths do not go into arrays). Beyond names, a report's quoted excerpt is the reported member's
 * words and its reason the reporter's: each is shredded with its author's key.
 */
const freeText: Readonly<Record<string, readonly PersonalField[]>> = {
  ReportFiled: [
    { path: 'excerpt', member: 'target.id' },
    { path: 'reason', member: 'reporter.id' },
  ],
};

export const moderationPersonalData: PersonalDataPolicy = Object.fromEntries(
  Object.entries(moderationEvents).flatMap(([type, schema]) => {
    const fields: PersonalField[] = [...userRefPaths(schema).map((ref) => ({ path: `${ref}.name`, member: `${ref}.id` })), ...(freeText[type] ?? [])];
    return fields.length > 0 ? [[type, fields]] : [];
  }),
);
