import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { CustomCommandDefinitionSchema } from './definition.js';

export const CustomCommandId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ -');
const Version = z.number().int().min(1);
export const ActionId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** Commands of the guild's custom commands (stream `automation.customcommands.<guildId>`). */
export const customCommandCommands = {
  CreateCustomCommand: z.object({ commandId: CustomCommandId, definition: CustomCommandDefinitionSchema }),
  /** `expectedVersion`: the version the editor started from; a newer stored one is a conflict (null: last write wins). */
  UpdateCustomCommand: z.object({ commandId: CustomCommandId, definition: CustomCommandDefinitionSchema, expectedVersion: Version.nullable().default(null) }),
  /** Makes an earlier version's definition the current one, as a new version (history only grows). */
  RollBackCustomCommand: z.object({ commandId: CustomCommandId, toVersion: Version }),
  DeleteCustomCommand: z.object({ commandId: CustomCommandId }),
  /**
   * From the bot: a member ran the command (after its permission check). Decides the cooldown,
   * counts, renders the reply and the actions' texts, and asks for the role and DM actions.
   */
  RunCustomCommand: z.object({
    commandId: CustomCommandId,
    version: Version,
    interactionId: SnowflakeSchema,
    userId: SnowflakeSchema,
    userName: z.string().max(100),
    channelId: SnowflakeSchema,
    guildName: z.string().max(100),
    /** The options the member gave, as text (Discord checked them against the command's). */
    options: z.record(z.string(), z.string().max(6000)).default({}),
  }),
  /** From the bot's action executor: Discord carried out a role or DM action of a run. */
  RecordCustomCommandActionSucceeded: z.object({ actionId: ActionId }),
  RecordCustomCommandActionFailed: z.object({
    actionId: ActionId,
    reason: z.string().max(1000),
    discordErrorCode: z.number().int().nullable().default(null),
    httpStatus: z.number().int().nullable().default(null),
  }),
} as const;
export type CustomCommandCommand = CommandOf<typeof customCommandCommands>;
export type CustomCommandCommandType = keyof typeof customCommandCommands;
