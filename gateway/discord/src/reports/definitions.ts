import { ApplicationCommandType, InteractionContextType, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord.js';

/** The context-menu commands (right-click → Apps) every member may use: no default permission. */
export const REPORT_MESSAGE = 'Report message';
export const REPORT_MEMBER = 'Report member';

export const reportCommandDefinitions = (): RESTPostAPIContextMenuApplicationCommandsJSONBody[] => [
  { name: REPORT_MESSAGE, type: ApplicationCommandType.Message, contexts: [InteractionContextType.Guild] },
  { name: REPORT_MEMBER, type: ApplicationCommandType.User, contexts: [InteractionContextType.Guild] },
];

export const isReportCommandName = (name: string): boolean => name === REPORT_MESSAGE || name === REPORT_MEMBER;
