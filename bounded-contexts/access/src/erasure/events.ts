import type { EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ErasureRequesterSchema } from './commands.js';

/** A member was forgotten: every key of theirs in the guild is to be destroyed. No name, no content: only ids. */
export const MemberForgottenSchema = z.object({
  memberId: z.string().min(1),
  requestedBy: ErasureRequesterSchema,
  /** Who acted (the member themself for "forget me"): kind and id, never the name. */
  forgottenBy: z.object({ kind: z.string().min(1), id: z.string().min(1) }),
  forgottenAt: z.iso.datetime(),
});
export const erasureEvents = { MemberForgotten: MemberForgottenSchema } as const;
export type ErasureEvent = EventOf<typeof erasureEvents>;
