import { commandFromEnvelope, deciderSlice, streamIdOfSlices, type CommandEnvelope, type CommandOf } from '@guildhall/kernel';
import { guildStructureDecider } from './guild-structure-decider.js';
import { guildStructureCommands, type GuildStructureCommand } from './guild-structure-messages.js';
import { memberDecider } from './member-decider.js';
import { memberCommands, type MemberCommand } from './member-messages.js';
import { messageDecider } from './message-decider.js';
import { messageCommands, type MessageCommand } from './message-messages.js';
import { postedMessageDecider } from './posted-message-decider.js';
import { postedMessageCommands, type PostedMessageCommand } from './posted-message-messages.js';
import { presenceCommands, presenceDecider, type PresenceCommand } from './presence-decider.js';
import { guildStructureStreamId, memberStreamId, messageStreamId, postedMessageStreamId, presenceStreamId } from './stream-ids.js';

/** Every community command type → the zod schema of its payload. All are Discord facts sent by the gateway. */
export const commands = {
  ...memberCommands,
  ...messageCommands,
  ...postedMessageCommands,
  ...guildStructureCommands,
  ...presenceCommands,
} as const;
export type CommunityCommand = CommandOf<typeof commands>;
export type CommunityCommandType = CommunityCommand['type'];

export const toCommand = (envelope: CommandEnvelope, now?: string): CommunityCommand => commandFromEnvelope(commands, envelope, now);

export const memberStreamIdOf = (c: MemberCommand): string => memberStreamId(c.meta.guildId, c.data.user.id);
export const messageStreamIdOf = (c: MessageCommand): string => messageStreamId(c.meta.guildId, c.data.messageId);
export const postedMessageStreamIdOf = (c: PostedMessageCommand): string => postedMessageStreamId(c.meta.guildId, c.data.channelId, c.data.createdAt);
export const guildStructureStreamIdOf = (c: GuildStructureCommand): string => guildStructureStreamId(c.meta.guildId);
export const presenceStreamIdOf = (c: PresenceCommand): string => presenceStreamId(c.meta.guildId);

/** Kept in the context's exports for its callers; the type itself lives in the kernel. */
export type { DeciderSlice } from '@guildhall/kernel';

export const communitySlices = {
  member: deciderSlice(memberCommands, memberDecider, memberStreamIdOf),
  message: deciderSlice(messageCommands, messageDecider, messageStreamIdOf),
  postedMessage: deciderSlice(postedMessageCommands, postedMessageDecider, postedMessageStreamIdOf),
  guildStructure: deciderSlice(guildStructureCommands, guildStructureDecider, guildStructureStreamIdOf),
  presence: deciderSlice(presenceCommands, presenceDecider, presenceStreamIdOf),
} as const;

/** The stream a community command is decided on: its slice's. */
export const streamIdOf = streamIdOfSlices<CommunityCommand>(communitySlices);
