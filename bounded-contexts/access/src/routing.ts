import { deciderSlice } from '@guildhall/kernel';
import { guildAccessCommands } from './guild-access/commands.js';
import { guildAccessDecider } from './guild-access/decider.js';
import { guildAccessStreamId } from './stream-ids.js';

/** Every access command of a guild lands on that guild's access stream. */
export const guildAccessSlice = deciderSlice(guildAccessCommands, guildAccessDecider, (c) => guildAccessStreamId(c.meta.guildId));

/** The commands the API sends for a guild's access (all of them: the gateway checks who may). */
export const accessCommandTypes = guildAccessSlice.commandTypes;
