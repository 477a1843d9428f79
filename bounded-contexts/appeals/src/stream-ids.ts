import { streamId } from '@guildhall/kernel';

export const APPEALS = 'appeals';

/** Every appeal of one case: the consistency boundary for "one open appeal per case" and the cooldown. */
export const caseAppealsStreamId = (guildId: string, caseNumber: number): string => streamId(APPEALS, 'case', `${guildId}-${caseNumber}`);

/** The guild's appeal settings. */
export const appealSettingsStreamId = (guildId: string): string => streamId(APPEALS, 'settings', guildId);
