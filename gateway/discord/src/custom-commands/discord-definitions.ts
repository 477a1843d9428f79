import type { CustomCommandDefinition, OptionType } from '@guildhall/automation';
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

const OPTION_TYPE: Readonly<Record<OptionType, ApplicationCommandOptionType>> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
  role: ApplicationCommandOptionType.Role,
};

/**
 * A custom command as Discord registers it. Anyone sees it (no default member permissions):
 * who may run it is the definition's rule, checked by the bot with a clear reply.
 */
export const discordCommandOf = (d: CustomCommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.ChatInput,
  name: d.name,
  description: d.description,
  contexts: [0],
  options: d.options.map((o) => ({ type: OPTION_TYPE[o.type], name: o.name, description: o.description, required: o.required }) as NonNullable<RESTPostAPIChatInputApplicationCommandsJSONBody['options']>[number]),
});
