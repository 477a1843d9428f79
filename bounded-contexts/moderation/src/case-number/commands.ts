import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { ModerationRequestSchema } from '../moderation-request.js';

/** Commands of the guild's case-number counter (stream `moderation.guild-cases.<guildId>`). Internal: sent by the process manager. */
export const caseNumberCommands = {
  AllocateCaseNumber: z.object({ request: ModerationRequestSchema }),
} as const;
export type CaseNumberCommand = CommandOf<typeof caseNumberCommands>;
