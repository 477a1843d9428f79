import { deciderSlice } from '@guildhall/kernel';
import { guildAccessCommands } from './guild-access/commands.js';
import { guildAccessDecider } from './guild-access/decider.js';
import { dataExportCommands } from './data-export/commands.js';
import { dataExportDecider } from './data-export/decider.js';
import { erasureCommands } from './erasure/commands.js';
import { retentionCommands } from './retention/commands.js';
import { retentionDecider } from './retention/decider.js';
import { erasureDecider } from './erasure/decider.js';
import { dataExportStreamId, erasureStreamId, guildAccessStreamId, retentionStreamId } from './stream-ids.js';

/** Every access command of a guild lands on that guild's access stream. */
export const guildAccessSlice = deciderSlice(guildAccessCommands, guildAccessDecider, (c) => guildAccessStreamId(c.meta.guildId));

/** Each export on a stream of its own, named by the command id. */
export const dataExportSlice = deciderSlice(dataExportCommands, dataExportDecider, (c) => dataExportStreamId(c.meta.guildId, c.meta.commandId));

/** Each member's erasure record on a stream of its own. */
export const erasureSlice = deciderSlice(erasureCommands, erasureDecider, (c) => erasureStreamId(c.meta.guildId, c.data.memberId));

/** A guild's retention settings on one short stream. */
export const retentionSlice = deciderSlice(retentionCommands, retentionDecider, (c) => retentionStreamId(c.meta.guildId));

/** The commands the API sends for a guild's access (all of them: the gateway checks who may). */
export const accessCommandTypes = [...guildAccessSlice.commandTypes, ...dataExportSlice.commandTypes, ...erasureSlice.commandTypes, ...retentionSlice.commandTypes];
