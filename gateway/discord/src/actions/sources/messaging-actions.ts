import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { directMessageEvents, messagePurgeEvents, messagingEvents, type Embed, type MessageSendRequested, type MessagesPurgeRequested } from '@guildhall/messaging';
import { outcomeEnvelope, type ActionPlan, type ActionSource } from '../action-plan.js';

/** Messaging's embed → Discord's API embed (nulls dropped, snake_case). */
export const toApiEmbed = (e: Embed): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  if (e.title !== null) out.title = e.title;
  if (e.description !== null) out.description = e.description;
  if (e.url !== null) out.url = e.url;
  if (e.color !== null) out.color = e.color;
  if (e.timestamp !== null) out.timestamp = e.timestamp;
  if (e.fields.length) out.fields = e.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline }));
  if (e.footer) out.footer = { text: e.footer.text, ...(e.footer.iconUrl ? { icon_url: e.footer.iconUrl } : {}) };
  if (e.author) {
    out.author = { name: e.author.name, ...(e.author.url ? { url: e.author.url } : {}), ...(e.author.iconUrl ? { icon_url: e.author.iconUrl } : {}) };
  }
  if (e.imageUrl) out.image = { url: e.imageUrl };
  if (e.thumbnailUrl) out.thumbnail = { url: e.thumbnailUrl };
  return out;
};

const SETTLED: ReadonlySet<string> = new Set(['MessageSent', 'MessageSendFailed', 'MessagesPurged', 'MessagesPurgeFailed', 'DirectMessageSent', 'DirectMessageFailed']);

const settled = async (store: EventStore, event: EventEnvelope): Promise<boolean> => {
  const { events } = await store.readStream(event.streamId);
  return events.some((e) => SETTLED.has(e.type));
};

const requestOf = (event: EventEnvelope, d: MessageSendRequested['data']) => ({
  kind: 'send-message' as const,
  id: event.id,
  guildId: event.guildId,
  requestedAt: d.requestedAt,
  auditLogReason: null,
  channelId: d.channelId,
  content: d.content,
  embeds: d.embeds.map(toApiEmbed),
  replyToMessageId: d.replyToMessageId,
  allowedMentions: d.allowedMentions,
});

/** The audit log reason of a purge: unique per request, since the purge action counts what it already did by it. */
export const purgeAuditReason = (d: MessagesPurgeRequested['data']): string =>
  `Purge ${d.requestId} — ${d.reason ?? 'no reason'} — by ${d.requestedBy.name}`.slice(0, 512);

/** A purge: the outcome goes back as RecordMessagesPurged (how many were deleted, how many skipped as too old) or RecordMessagesPurgeFailed. */
const purgePlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = eventFromEnvelope(messagePurgeEvents, event);
  if (parsed?.type !== 'MessagesPurgeRequested') return null;
  const d = parsed.data;
  return {
    request: {
      kind: 'purge',
      id: event.id,
      guildId: event.guildId,
      requestedAt: d.requestedAt,
      auditLogReason: purgeAuditReason(d),
      channelId: d.channelId,
      count: d.count,
      authorId: d.userId,
    },
    context: 'messaging',
    isSettled: () => settled(store, event),
    succeeded: (result, now) => outcomeEnvelope(event, 'RecordMessagesPurged', { requestId: d.requestId, deletedCount: result.count ?? 0, skippedCount: result.skipped ?? 0 }, now),
    failed: (f, now) =>
      outcomeEnvelope(
        event,
        'RecordMessagesPurgeFailed',
        { requestId: d.requestId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) },
        now,
      ),
  };
};

/** A DM to a member (the notifier's): the outcome goes back as RecordDirectMessageSent (with the DM channel) or RecordDirectMessageFailed. */
const directMessagePlan = (event: EventEnvelope, store: EventStore): ActionPlan | null => {
  const parsed = eventFromEnvelope(directMessageEvents, event);
  if (parsed?.type !== 'DirectMessageRequested') return null;
  const d = parsed.data;
  return {
    request: { kind: 'dm', id: event.id, guildId: event.guildId, requestedAt: d.requestedAt, auditLogReason: null, userId: d.userId, content: d.content },
    context: 'messaging',
    isSettled: () => settled(store, event),
    succeeded: (result, now) => {
      const { messageId, channelId } = result.ids;
      if (!messageId || !channelId) throw new Error('dm succeeded without a message and channel id');
      return outcomeEnvelope(event, 'RecordDirectMessageSent', { requestId: d.requestId, channelId, messageId }, now);
    },
    failed: (f, now) =>
      outcomeEnvelope(
        event,
        'RecordDirectMessageFailed',
        { requestId: d.requestId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) },
        now,
      ),
  };
};

/**
 * Messaging asks for a message with MessageSendRequested; the outcome goes back as
 * RecordMessageSent (with Discord's message id) or RecordMessageSendFailed. Purges: see purgePlan.
 */
export const messagingActions: ActionSource = {
  context: 'messaging',
  plan: (event, store): ActionPlan | null => {
    if (event.type === 'MessagesPurgeRequested') return purgePlan(event, store);
    if (event.type === 'DirectMessageRequested') return directMessagePlan(event, store);
    if (event.type !== 'MessageSendRequested') return null;
    const parsed = eventFromEnvelope(messagingEvents, event);
    if (parsed?.type !== 'MessageSendRequested') return null;
    const d = parsed.data;
    return {
      request: requestOf(event, d),
      context: 'messaging',
      isSettled: () => settled(store, event),
      succeeded: (result, now) => {
        const messageId = result.ids.messageId;
        if (!messageId) throw new Error('send-message succeeded without a message id');
        return outcomeEnvelope(event, 'RecordMessageSent', { requestId: d.requestId, messageId }, now);
      },
      failed: (f, now) =>
        outcomeEnvelope(
          event,
          'RecordMessageSendFailed',
          { requestId: d.requestId, discordErrorCode: f.discordErrorCode, httpStatus: f.httpStatus, reason: f.reason.slice(0, 1000) },
          now,
        ),
    };
  },
};
