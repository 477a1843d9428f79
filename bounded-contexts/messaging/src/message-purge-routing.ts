import { deciderSlice } from '@guildhall/kernel';
import { messagePurgeDecider } from './message-purge-decider.js';
import { messagePurgeCommands } from './message-purge-messages.js';
import { messagePurgeStreamId } from './stream-ids.js';

/** PurgeMessages opens the stream named by its own command id; outcomes name it. */
export const messagePurgeSlice = deciderSlice(messagePurgeCommands, messagePurgeDecider, (c) =>
  messagePurgeStreamId(c.meta.guildId, c.type === 'PurgeMessages' ? c.meta.commandId : c.data.requestId),
);
