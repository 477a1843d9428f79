import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { AppealSettingsSchema } from './settings.js';

/** Commands of a guild's appeal settings (stream `appeals.settings.<guildId>`); the API lets only admins send them. */
export const appealSettingsCommands = {
  ChangeAppealSettings: z.object({ settings: AppealSettingsSchema }),
} as const;
export type AppealSettingsCommand = CommandOf<typeof appealSettingsCommands>;
