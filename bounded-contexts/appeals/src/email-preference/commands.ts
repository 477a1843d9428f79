import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';

/** An address as a member types it: trimmed, lower-cased domain is left to the mail system; no NUL, at most 320 characters. */
export const EmailAddressSchema = z
  .string()
  .trim()
  .max(320, 'must be at most 320 characters')
  .pipe(z.email('must be an email address'));

export const ConfirmationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8-100 characters of A-Z a-z 0-9 _ -');

/** Commands of a member's email preference (stream `appeals.email.<userId>`): one per person, across guilds. */
export const emailPreferenceCommands = {
  /**
   * The member gives an address. From Discord's `email` scope (Discord verified it) it counts as
   * confirmed at once; typed in, it waits for the member to follow the confirmation link.
   */
  SetEmailAddress: z.object({ userId: SnowflakeSchema, email: EmailAddressSchema, verifiedByDiscord: z.boolean().default(false) }),
  ConfirmEmailAddress: z.object({ userId: SnowflakeSchema, confirmationId: ConfirmationIdSchema }),
  /** Opt in or out; `unsubscribe-link` is the signed link in every email (works without sign-in). */
  SetEmailNotifications: z.object({ userId: SnowflakeSchema, enabled: z.boolean(), via: z.enum(['settings', 'unsubscribe-link']).default('settings') }),
  RemoveEmailAddress: z.object({ userId: SnowflakeSchema }),
} as const;
export type EmailPreferenceCommand = CommandOf<typeof emailPreferenceCommands>;
export type EmailPreferenceCommandType = EmailPreferenceCommand['type'];
