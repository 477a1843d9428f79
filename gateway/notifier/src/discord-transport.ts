import type { NotificationQueued } from '@guildhall/appeals';
import type { CommandBus, StreamWaiter } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { directMessageEvents, directMessageStreamId, messagingEvents, outgoingMessageStreamId } from '@guildhall/messaging';
import { eventFromEnvelope, type StoredEvent } from '@guildhall/kernel';
import { OutcomeUnknown, type AttemptOutcome } from './attempt-outcome.js';

export const NOTIFIER_ACTOR: Actor = { kind: 'system', id: 'notifier', name: 'Guildhall notifier' };

/** Discord will refuse again: the member closed their DMs or shares no server with the bot (50007), the channel is gone or hidden. */
const PERMANENT_DISCORD = new Set([50007, 10003, 10013, 50001, 50013]);

type Failure = { discordErrorCode: number | null; httpStatus: number | null; reason: string };
const failed = (f: Failure): AttemptOutcome => ({
  ok: false,
  code: f.discordErrorCode !== null ? `DISCORD_${f.discordErrorCode}` : `DISCORD_HTTP_${f.httpStatus ?? 'ERROR'}`,
  reason: f.reason,
  permanent: (f.discordErrorCode !== null && PERMANENT_DISCORD.has(f.discordErrorCode)) || f.httpStatus === 403 || f.httpStatus === 404,
});

export type DiscordTransportDeps = Readonly<{ bus: CommandBus; waiter: StreamWaiter; waitMs: number }>;

/**
 * DMs and staff-channel posts go through the messaging context (SendDirectMessage, SendMessage),
 * which the bot's action executor carries out. One messaging request per attempt: its id derives
 * from the notification and the attempt, so a re-run attempt (after a crash, or when the bot
 * answered too late) waits for the same request instead of sending another.
 */
export const discordTransport = (deps: DiscordTransportDeps) => {
  const envelope = (guildId: string, causation: EventEnvelope, id: string, type: string, payload: unknown): CommandEnvelope => ({
    id,
    type,
    issuedAt: new Date().toISOString(),
    guildId,
    actor: NOTIFIER_ACTOR,
    source: 'api',
    correlationId: causation.correlationId,
    causationId: causation.id,
    payload,
  });

  const sendAndWait = async (command: CommandEnvelope, streamId: string, pick: (e: StoredEvent) => AttemptOutcome | undefined): Promise<AttemptOutcome> => {
    const result = await deps.bus.send(command, { context: 'messaging', waitMs: deps.waitMs });
    if (result.status === 'rejected') return { ok: false, code: result.code, reason: result.message, permanent: true };
    const outcome = await deps.waiter.waitFor(streamId, pick, deps.waitMs);
    if (!outcome) throw new OutcomeUnknown(`no outcome of ${command.type} ${command.id} within ${deps.waitMs} ms (is the bot running?)`);
    return outcome;
  };

  return {
    send: async (n: NotificationQueued['data'], attempt: number, queued: EventEnvelope): Promise<AttemptOutcome> => {
      const id = deterministicId('notification-delivery', n.notificationId, attempt);
      const r = n.recipient;
      if (r.channel === 'dm') {
        return sendAndWait(envelope(queued.guildId, queued, id, 'SendDirectMessage', { userId: r.userId, content: n.content.text }), directMessageStreamId(queued.guildId, id), (e) => {
          const ev = eventFromEnvelope(directMessageEvents, e);
          if (ev?.type === 'DirectMessageSent') return { ok: true, providerId: ev.data.messageId };
          if (ev?.type === 'DirectMessageFailed') return failed(ev.data);
          return undefined;
        });
      }
      if (r.channel === 'channel') {
        return sendAndWait(envelope(queued.guildId, queued, id, 'SendMessage', { channelId: r.channelId, content: n.content.text, allowedMentions: { everyone: false, roles: false, users: false } }), outgoingMessageStreamId(queued.guildId, id), (e) => {
          const ev = eventFromEnvelope(messagingEvents, e);
          if (ev?.type === 'MessageSent') return { ok: true, providerId: ev.data.messageId };
          if (ev?.type === 'MessageSendFailed') return failed(ev.data);
          return undefined;
        });
      }
      throw new Error(`the Discord transport does not carry ${r.channel}`);
    },
  };
};
export type DiscordTransport = ReturnType<typeof discordTransport>;
