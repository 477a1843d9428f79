import type { Decider } from '@guildhall/kernel';
import { DiscordLimits } from './discord-limits.js';
import { embedLength, isEmptyEmbed } from './embed.js';
import { MessagingErrorCodes as E, reject } from './messaging-errors.js';
import type { OutgoingMessageCommand, OutgoingMessageEvent } from './outgoing-message-messages.js';

export type OutgoingMessageState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'requested' | 'sent' | 'failed'; requestId: string; channelId: string; messageId: string | null }>;

export const initialOutgoingMessage = (): OutgoingMessageState => ({ status: 'none' });

export const evolveOutgoingMessage = (s: OutgoingMessageState, e: OutgoingMessageEvent): OutgoingMessageState => {
  switch (e.type) {
    case 'MessageSendRequested':
      return { status: 'requested', requestId: e.data.requestId, channelId: e.data.channelId, messageId: null };
    case 'MessageSent':
      return s.status === 'none' ? s : { ...s, status: 'sent', messageId: e.data.messageId };
    case 'MessageSendFailed':
      return s.status === 'none' ? s : { ...s, status: 'failed' };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Of<T extends OutgoingMessageCommand['type']> = Extract<OutgoingMessageCommand, { type: T }>;

/** Checks what each field's schema cannot: the message as a whole. A resend (same id) asks nothing new. */
export const sendMessage = (c: Of<'SendMessage'>, s: OutgoingMessageState): OutgoingMessageEvent[] => {
  if (s.status !== 'none') return [];
  const { channelId, content, embeds, replyToMessageId, allowedMentions } = c.data;
  const text = content !== null && content.trim() !== '' ? content : null;
  if (text === null && embeds.length === 0) reject(E.MESSAGE_EMPTY, 'a message needs content or an embed');
  const empty = embeds.findIndex(isEmptyEmbed);
  if (empty >= 0) reject(E.EMBED_EMPTY, `embed ${empty} has nothing to show`, { index: empty });
  const total = embeds.reduce((n, e) => n + embedLength(e), 0);
  if (total > DiscordLimits.embedsTotal) {
    reject(E.EMBEDS_TOO_LONG, `the embeds hold ${total} characters; Discord allows ${DiscordLimits.embedsTotal}`, {
      total,
      limit: DiscordLimits.embedsTotal,
    });
  }
  return [
    {
      type: 'MessageSendRequested',
      data: { requestId: c.meta.commandId, channelId, content: text, embeds, replyToMessageId, allowedMentions, requestedBy: c.meta.actor, requestedAt: c.meta.now },
    },
  ];
};

const requested = (c: Of<'RecordMessageSent' | 'RecordMessageSendFailed'>, s: OutgoingMessageState) =>
  s.status === 'none' ? reject(E.MESSAGE_NOT_FOUND, `no message request ${c.data.requestId}`) : s;

export const recordMessageSent = (c: Of<'RecordMessageSent'>, s: OutgoingMessageState): OutgoingMessageEvent[] => {
  const r = requested(c, s);
  if (r.status === 'sent' && r.messageId === c.data.messageId) return [];
  if (r.status !== 'requested') return reject(E.MESSAGE_ALREADY_SETTLED, `message request ${r.requestId} is already ${r.status}`);
  return [{ type: 'MessageSent', data: { requestId: r.requestId, channelId: r.channelId, messageId: c.data.messageId, sentAt: c.meta.now } }];
};

export const recordMessageSendFailed = (c: Of<'RecordMessageSendFailed'>, s: OutgoingMessageState): OutgoingMessageEvent[] => {
  const r = requested(c, s);
  if (r.status === 'failed') return [];
  if (r.status !== 'requested') return reject(E.MESSAGE_ALREADY_SETTLED, `message request ${r.requestId} is already ${r.status}`);
  const { discordErrorCode, httpStatus, reason } = c.data;
  return [
    { type: 'MessageSendFailed', data: { requestId: r.requestId, channelId: r.channelId, discordErrorCode, httpStatus, reason, failedAt: c.meta.now } },
  ];
};

export const decideOutgoingMessage = (command: OutgoingMessageCommand, state: OutgoingMessageState): OutgoingMessageEvent[] => {
  switch (command.type) {
    case 'SendMessage':
      return sendMessage(command, state);
    case 'RecordMessageSent':
      return recordMessageSent(command, state);
    case 'RecordMessageSendFailed':
      return recordMessageSendFailed(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const outgoingMessageDecider: Decider<OutgoingMessageState, OutgoingMessageCommand, OutgoingMessageEvent> = {
  decide: decideOutgoingMessage,
  evolve: evolveOutgoingMessage,
  initialState: initialOutgoingMessage,
};
