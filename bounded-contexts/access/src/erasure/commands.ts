import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';

/** Who asked for the erasure: the member themself (their "forget me"), or an admin acting on a request the member made elsewhere. */
export const ErasureRequesterSchema = z.enum(['member', 'admin']);

/**
 * Commands of a member's erasure record (stream `access.erasure.<guildId>-<memberId>`). The
 * record holds no personal data: the member's id, who acted and when. Destroying the member's
 * key (so their personal fields read as erased everywhere) follows the event (the eraser).
 */
export const erasureCommands = {
  ForgetMember: z.object({
    memberId: SnowflakeSchema,
    requestedBy: ErasureRequesterSchema,
  }),
} as const;
export type ErasureCommand = CommandOf<typeof erasureCommands>;
