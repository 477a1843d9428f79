import type { Decider } from '@guildhall/kernel';
import type { PostedMessageCommand, PostedMessageEvent } from './posted-message-messages.js';

/** The messages of one channel-hour already recorded: a fact replayed after the store's dedupe window records nothing twice. */
export type PostedMessagesState = Readonly<{ messageIds: ReadonlySet<string> }>;

export const initialPostedMessagesState = (): PostedMessagesState => ({ messageIds: new Set() });

export const evolvePostedMessages = (s: PostedMessagesState, e: PostedMessageEvent): PostedMessagesState => {
  switch (e.type) {
    case 'MessagePosted':
      return { messageIds: new Set(s.messageIds).add(e.data.messageId) };
    default: {
      const unknown: never = e.type;
      return unknown;
    }
  }
};

export const decidePostedMessage = (c: PostedMessageCommand, s: PostedMessagesState): PostedMessageEvent[] => {
  switch (c.type) {
    case 'RecordMessagePosted':
      return s.messageIds.has(c.data.messageId) ? [] : [{ type: 'MessagePosted', data: c.data }];
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const postedMessageDecider: Decider<PostedMessagesState, PostedMessageCommand, PostedMessageEvent> = {
  decide: decidePostedMessage,
  evolve: evolvePostedMessages,
  initialState: initialPostedMessagesState,
};
