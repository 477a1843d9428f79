import type { Decider } from '@guildhall/kernel';
import { MessagingErrorCodes as E, reject } from './messaging-errors.js';
import type { MessagePurgeCommand, MessagePurgeEvent } from './message-purge-messages.js';

export type MessagePurgeState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'requested' | 'purged' | 'failed'; requestId: string; channelId: string; deletedCount: number | null; skippedCount: number | null }>;

export const initialMessagePurge = (): MessagePurgeState => ({ status: 'none' });

export const evolveMessagePurge = (s: MessagePurgeState, e: MessagePurgeEvent): MessagePurgeState => {
  switch (e.type) {
    case 'MessagesPurgeRequested':
      return { status: 'requested', requestId: e.data.requestId, channelId: e.data.channelId, deletedCount: null, skippedCount: null };
    case 'MessagesPurged':
      return s.status === 'none' ? s : { ...s, status: 'purged', deletedCount: e.data.deletedCount, skippedCount: e.data.skippedCount };
    case 'MessagesPurgeFailed':
      return s.status === 'none' ? s : { ...s, status: 'failed' };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Of<T extends MessagePurgeCommand['type']> = Extract<MessagePurgeCommand, { type: T }>;

/** The count's bounds are the schema's; a resend (same id) asks nothing new. */
export const purgeMessages = (c: Of<'PurgeMessages'>, s: MessagePurgeState): MessagePurgeEvent[] => {
  if (s.status !== 'none') return [];
  const { channelId, count, userId, reason } = c.data;
  return [{ type: 'MessagesPurgeRequested', data: { requestId: c.meta.commandId, channelId, count, userId, reason, requestedBy: c.meta.actor, requestedAt: c.meta.now } }];
};

const requested = (c: Of<'RecordMessagesPurged' | 'RecordMessagesPurgeFailed'>, s: MessagePurgeState) =>
  s.status === 'none' ? reject(E.PURGE_NOT_FOUND, `no purge request ${c.data.requestId}`) : s;

/** One outcome per purge: the same outcome again is a redelivery, a different one a contradiction. */
export const recordMessagesPurged = (c: Of<'RecordMessagesPurged'>, s: MessagePurgeState): MessagePurgeEvent[] => {
  const r = requested(c, s);
  const { deletedCount, skippedCount } = c.data;
  if (r.status === 'purged' && r.deletedCount === deletedCount && r.skippedCount === skippedCount) return [];
  if (r.status !== 'requested') return reject(E.PURGE_ALREADY_SETTLED, `purge request ${r.requestId} is already ${r.status}`);
  return [{ type: 'MessagesPurged', data: { requestId: r.requestId, channelId: r.channelId, deletedCount, skippedCount, purgedAt: c.meta.now } }];
};

export const recordMessagesPurgeFailed = (c: Of<'RecordMessagesPurgeFailed'>, s: MessagePurgeState): MessagePurgeEvent[] => {
  const r = requested(c, s);
  if (r.status === 'failed') return [];
  if (r.status !== 'requested') return reject(E.PURGE_ALREADY_SETTLED, `purge request ${r.requestId} is already ${r.status}`);
  const { discordErrorCode, httpStatus, reason } = c.data;
  return [{ type: 'MessagesPurgeFailed', data: { requestId: r.requestId, channelId: r.channelId, discordErrorCode, httpStatus, reason, failedAt: c.meta.now } }];
};

export const decideMessagePurge = (command: MessagePurgeCommand, state: MessagePurgeState): MessagePurgeEvent[] => {
  switch (command.type) {
    case 'PurgeMessages':
      return purgeMessages(command, state);
    case 'RecordMessagesPurged':
      return recordMessagesPurged(command, state);
    case 'RecordMessagesPurgeFailed':
      return recordMessagesPurgeFailed(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const messagePurgeDecider: Decider<MessagePurgeState, MessagePurgeCommand, MessagePurgeEvent> = {
  decide: decideMessagePurge,
  evolve: evolveMessagePurge,
  initialState: initialMessagePurge,
};
