import { streamId } from '@guildhall/kernel';
import { AUTOMATION_CONTEXT } from './context.js';

/** One scheduled action: its definition, every edit, pause and cancel, every run and its outcome. */
export const scheduleStreamId = (guildId: string, scheduleId: string): string => streamId(AUTOMATION_CONTEXT, 'schedule', `${guildId}-${scheduleId}`);

/** One automod rule: its definition and every edit, enable and disable. */
export const automodRuleStreamId = (guildId: string, ruleId: string): string => streamId(AUTOMATION_CONTEXT, 'automod-rule', `${guildId}-${ruleId}`);

/**
 * A rule's hits of one UTC day (`<guildId>-<ruleId>-<yyyymmdd>`) and the outcome of each delete:
 * a stream per rule-day keeps the subject count small and each stream short.
 */
export const automodHitsStreamId = (guildId: string, ruleId: string, at: string): string =>
  streamId(AUTOMATION_CONTEXT, 'automod-hits', `${guildId}-${ruleId}-${at.slice(0, 10).replaceAll('-', '')}`);
