import { streamId } from '@guildhall/kernel';
import { AUTOMATION_CONTEXT } from './context.js';

/** One scheduled action: its definition, every edit, pause and cancel, every run and its outcome. */
export const scheduleStreamId = (guildId: string, scheduleId: string): string => streamId(AUTOMATION_CONTEXT, 'schedule', `${guildId}-${scheduleId}`);
