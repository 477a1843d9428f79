import { deciderSlice } from '@guildhall/kernel';
import { directMessageDecider } from './direct-message-decider.js';
import { directMessageCommands } from './direct-message-messages.js';
import { directMessageStreamId } from './stream-ids.js';

/** SendDirectMessage opens the stream named by its own command id; outcomes name it. */
export const directMessageSlice = deciderSlice(directMessageCommands, directMessageDecider, (c) =>
  directMessageStreamId(c.meta.guildId, c.type === 'SendDirectMessage' ? c.meta.commandId : c.data.requestId),
);
