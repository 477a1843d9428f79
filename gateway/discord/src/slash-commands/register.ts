import type { Client, Guild } from 'discord.js';
import type { Logger } from 'pino';
import { commandDefinitions } from './definitions.js';
import { musicCommandDefinitions } from './music-definitions.js';

/**
 * Registers the commands in one guild (a bulk overwrite: Discord keeps ids of unchanged
 * commands, so re-registering at every start is cheap and removes stale ones).
 */
export const registerGuildCommands = async (guild: Guild, logger: Logger): Promise<boolean> => {
  try {
    await guild.commands.set([...commandDefinitions(), ...musicCommandDefinitions()]);
    return true;
  } catch (err) {
    logger.warn({ err, guildId: guild.id }, 'could not register slash commands in this guild');
    return false;
  }
};

/** Every guild of this replica's shards at READY, and guilds joined later. */
export const registerCommandsOnReady = (client: Client, logger: Logger): Promise<number> =>
  Promise.all([...client.guilds.cache.values()].map((g) => registerGuildCommands(g, logger))).then((ok) => ok.filter(Boolean).length);
