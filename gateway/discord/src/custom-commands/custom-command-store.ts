import { customCommandsAggregate, customCommandsStreamId, liveCommands, type CustomCommandEntry, type CustomCommandsState } from '@guildhall/automation';
import { aggregateStream, type EventStore } from '@guildhall/eventing';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { discordCommandOf } from './discord-definitions.js';

/** The guild's custom commands as the event store has them now (the truth, not a read model that may lag). */
export const readCustomCommands = async (store: EventStore, guildId: string): Promise<CustomCommandsState> =>
  (await aggregateStream(store, customCommandsStreamId(guildId), customCommandsAggregate)).state;

export const customCommandNamed = async (store: EventStore, guildId: string, name: string): Promise<CustomCommandEntry | undefined> =>
  liveCommands(await readCustomCommands(store, guildId)).find((c) => c.definition.name === name);

/** What the guild's bulk overwrite adds to the built-in commands. */
export const customCommandDefinitions = async (store: EventStore, guildId: string): Promise<RESTPostAPIChatInputApplicationCommandsJSONBody[]> =>
  liveCommands(await readCustomCommands(store, guildId)).map((c) => discordCommandOf(c.definition));
