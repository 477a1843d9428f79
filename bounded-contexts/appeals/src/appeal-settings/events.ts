import { ActorSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InstantSchema } from '../appeals-schemas.js';
import { AppealSettingsSchema } from './settings.js';

/** Events of a guild's appeal settings (stream `appeals.settings.<guildId>`). */
export const appealSettingsEvents = {
  AppealSettingsChanged: z.object({ settings: AppealSettingsSchema, changedBy: ActorSchema, changedAt: InstantSchema }),
} as const;
export type AppealSettingsEvent = EventOf<typeof appealSettingsEvents>;
