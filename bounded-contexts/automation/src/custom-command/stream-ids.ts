import { streamId } from '@guildhall/kernel';

const AUTOMATION = 'automation';

/** The guild's custom commands: one stream, so a name is unique and the bot registers them all at once. */
export const customCommandsStreamId = (guildId: string): string => streamId(AUTOMATION, 'customcommands', guildId);

/** The guild's workflows (definitions and their versions). */
export const workflowsStreamId = (guildId: string): string => streamId(AUTOMATION, 'workflows', guildId);

/** One run of a workflow: its trace (started, condition results, action outcomes). */
export const workflowRunStreamId = (guildId: string, runId: string): string => streamId(AUTOMATION, 'workflowrun', `${guildId}-${runId}`);
