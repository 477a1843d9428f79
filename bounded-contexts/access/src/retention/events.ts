import { ActorSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';

export const RetentionSetSchema = z.object({
  messageContentDays: z.number().int().min(1).nullable(),
  setBy: ActorSchema,
  setAt: z.iso.datetime(),
});
export const retentionEvents = { RetentionSet: RetentionSetSchema } as const;
export type RetentionEvent = EventOf<typeof retentionEvents>;
