import type { Client, Guild, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from 'pino';
import { commandDefinitions } from './definitions.js';
import { musicCommandDefinitions } from './music-definitions.js';
import { reportCommandDefinitions } from '../reports/definitions.js';

/** The guild's own commands (custom commands defined in the dashboard), registered beside the built-in ones. */
export type GuildCommandSource = (guildId: string) => Promise<RESTPostAPIChatInputApplicationCommandsJSONBody[]>;

const none: GuildCommandSource = async () => [];

/**
 * Registers the commands in one guild (a bulk overwrite: Discord keeps ids of unchanged
 * commands, so re-registering at every start or change is cheap and removes stale ones; Discord
 * applies all of it or none, so a refused command registers nothing half-way).
 */
export const registerGuildCommands = async (guild: Guild, logger: Logger, own: GuildCommandSource = none): Promise<boolean> => {
  try {
    await guild.commands.set([...commandDefinitions(), ...musicCommandDefinitions(), ...reportCommandDefinitions(), ...(await own(guild.id))]);
    return true;
  } catch (err) {
    logger.warn({ err, guildId: guild.id }, 'could not register slash commands in this guild');
    return false;
  }
};

/** Every guild of this replica's shards at READY, and guilds joined later. */
export const registerCommandsOnReady = (client: Client, logger: Logger, own: GuildCommandSource = none): Promise<number> =>
  Promise.all([...client.guilds.cache.values()].map((g) => registerGuildCommands(g, logger, own))).then((ok) => ok.filter(Boolean).length);
