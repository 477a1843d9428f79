import { SnowflakeSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InstantSchema } from '../appeals-schemas.js';

const user = { userId: SnowflakeSchema };

/**
 * Personal data: `email` in EmailConfirmationRequested and EmailAddressConfirmed is the member's
 * address (crypto-shredding policies cover these fields).
 */
export const emailPreferenceEvents = {
  EmailConfirmationRequested: z.object({ ...user, email: z.string().min(1), confirmationId: z.string().min(1), requestedAt: InstantSchema }),
  EmailAddressConfirmed: z.object({ ...user, email: z.string().min(1), via: z.enum(['discord', 'link']), confirmedAt: InstantSchema }),
  EmailNotificationsEnabled: z.object({ ...user, enabledAt: InstantSchema }),
  EmailNotificationsDisabled: z.object({ ...user, via: z.enum(['settings', 'unsubscribe-link']), disabledAt: InstantSchema }),
  EmailAddressRemoved: z.object({ ...user, removedAt: InstantSchema }),
} as const;
export type EmailPreferenceEvent = EventOf<typeof emailPreferenceEvents>;
