import type { DomainEvent, EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ModerationRequestSchema } from '../moderation-request.js';
import { CaseNumberSchema } from '../moderation-schemas.js';

/** Events of the guild's case-number counter (stream `moderation.guild-cases.<guildId>`). */
export const CaseNumberAllocatedSchema = z.object({
  caseNumber: CaseNumberSchema,
  /** The request the number is for, carried on so the case can be opened from this event alone. */
  request: ModerationRequestSchema,
});

export const caseNumberEvents = {
  CaseNumberAllocated: CaseNumberAllocatedSchema,
} as const;
export type CaseNumberEvent = EventOf<typeof caseNumberEvents>;
export type CaseNumberAllocated = DomainEvent<'CaseNumberAllocated', z.output<typeof CaseNumberAllocatedSchema>>;
