/**
 * Which payload fields of an event type are personal data, and whose. `path` and `member` are
 * dot paths into the payload (`target.name`, `target.id`). `scope: 'day'` keys the field per member
 * and per UTC day of the event, so retention can shred old message content while newer stays.
 *
 * Each context declares the policy of its own events next to them (`<context>PersonalData`); the
 * event store (`ShreddingEventStore` in @guildhall/eventing) stores those fields encrypted under
 * the member's key, and "forget me" destroys the key.
 */
export type PersonalField = Readonly<{ path: string; member: string; scope?: 'member' | 'day' }>;
export type PersonalDataPolicy = Readonly<Record<string, readonly PersonalField[]>>;

/** What an erased field reads as: strings become this text, other values null. */
export const ERASED = '[erased]';

/** What a personal field reads as for a caller not allowed to see it (an appellant's statement below moderator). */
export const WITHHELD = '[withheld]';
