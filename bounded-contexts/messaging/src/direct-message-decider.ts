import type { Decider } from '@guildhall/kernel';
import type { DirectMessageCommand, DirectMessageEvent } from './direct-message-messages.js';
import { MessagingErrorCodes as E, reject } from './messaging-errors.js';

export type DirectMessageState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'requested' | 'sent' | 'failed'; requestId: string; userId: string; messageId: string | null }>;

export const initialDirectMessage = (): DirectMessageState => ({ status: 'none' });

export const evolveDirectMessage = (s: DirectMessageState, e: DirectMessageEvent): DirectMessageState => {
  switch (e.type) {
    case 'DirectMessageRequested':
      return { status: 'requested', requestId: e.data.requestId, userId: e.data.userId, messageId: null };
    case 'DirectMessageSent':
      return s.status === 'none' ? s : { ...s, status: 'sent', messageId: e.data.messageId };
    case 'DirectMessageFailed':
      return s.status === 'none' ? s : { ...s, status: 'failed' };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Known = Exclude<DirectMessageState, { status: 'none' }>;
const requested = (requestId: string, s: DirectMessageState): Known => (s.status === 'none' ? reject(E.MESSAGE_NOT_FOUND, `no direct message request ${requestId}`) : s);

export const decideDirectMessage = (c: DirectMessageCommand, s: DirectMessageState): DirectMessageEvent[] => {
  switch (c.type) {
    case 'SendDirectMessage':
      // A resend (same command id) asks nothing new.
      if (s.status !== 'none') return [];
      return [{ type: 'DirectMessageRequested', data: { requestId: c.meta.commandId, userId: c.data.userId, content: c.data.content, requestedBy: c.meta.actor, requestedAt: c.meta.now } }];
    case 'RecordDirectMessageSent': {
      const r = requested(c.data.requestId, s);
      if (r.status === 'sent' && r.messageId === c.data.messageId) return [];
      if (r.status !== 'requested') return reject(E.MESSAGE_ALREADY_SETTLED, `direct message request ${r.requestId} is already ${r.status}`);
      return [{ type: 'DirectMessageSent', data: { requestId: r.requestId, userId: r.userId, channelId: c.data.channelId, messageId: c.data.messageId, sentAt: c.meta.now } }];
    }
    case 'RecordDirectMessageFailed': {
      const r = requested(c.data.requestId, s);
      if (r.status === 'failed') return [];
      if (r.status !== 'requested') return reject(E.MESSAGE_ALREADY_SETTLED, `direct message request ${r.requestId} is already ${r.status}`);
      const { discordErrorCode, httpStatus, reason } = c.data;
      return [{ type: 'DirectMessageFailed', data: { requestId: r.requestId, userId: r.userId, discordErrorCode, httpStatus, reason, failedAt: c.meta.now } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const directMessageDecider: Decider<DirectMessageState, DirectMessageCommand, DirectMessageEvent> = {
  decide: decideDirectMessage,
  evolve: evolveDirectMessage,
  initialState: initialDirectMessage,
};
