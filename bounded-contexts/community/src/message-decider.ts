import type { Decider } from '@guildhall/kernel';
import type { DiscordUser } from './community-schemas.js';
import type { MessageCommand, MessageEvent } from './message-messages.js';

export type MessageState = Readonly<{
  status: 'unknown' | 'seen' | 'deleted';
  author: DiscordUser | null;
  /** The last content we know of. */
  content: string | null;
  editedAt: readonly string[];
}>;

export const initialMessageState = (): MessageState => ({ status: 'unknown', author: null, content: null, editedAt: [] });

export const evolveMessage = (s: MessageState, e: MessageEvent): MessageState => {
  switch (e.type) {
    case 'MessageEdited':
      return { status: 'seen', author: e.data.author ?? s.author, content: e.data.after, editedAt: [...s.editedAt, e.data.editedAt] };
    case 'MessageDeleted':
      return { ...s, status: 'deleted', author: e.data.author ?? s.author, content: e.data.content ?? s.content };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Of<T extends MessageCommand['type']> = Extract<MessageCommand, { type: T }>;

/**
 * The same edit twice (same edited time), an update that leaves the text as it was (Discord
 * sends one when it unfurls a link), or an edit arriving after the delete: nothing to record.
 */
export const recordMessageEdited = (c: Of<'RecordMessageEdited'>, s: MessageState): MessageEvent[] => {
  const d = c.data;
  if (s.status === 'deleted' || s.editedAt.includes(d.editedAt)) return [];
  const before = d.before ?? s.content;
  if (before === d.after) return [];
  return [{ type: 'MessageEdited', data: { messageId: d.messageId, channelId: d.channelId, author: d.author ?? s.author, before, after: d.after, editedAt: d.editedAt } }];
};

/** Keeps the content for moderators: the gateway's cached copy, else the last edit we recorded. */
export const recordMessageDeleted = (c: Of<'RecordMessageDeleted'>, s: MessageState): MessageEvent[] => {
  if (s.status === 'deleted') return [];
  const d = c.data;
  return [
    {
      type: 'MessageDeleted',
      data: { messageId: d.messageId, channelId: d.channelId, author: d.author ?? s.author, content: d.content ?? s.content, deletedAt: c.meta.now },
    },
  ];
};

export const decideMessage = (command: MessageCommand, state: MessageState): MessageEvent[] => {
  switch (command.type) {
    case 'RecordMessageEdited':
      return recordMessageEdited(command, state);
    case 'RecordMessageDeleted':
      return recordMessageDeleted(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const messageDecider: Decider<MessageState, MessageCommand, MessageEvent> = {
  decide: decideMessage,
  evolve: evolveMessage,
  initialState: initialMessageState,
};
