import { Routes, type REST } from 'discord.js';
import { z } from 'zod';
import { done, type ActionFn } from './action-context.js';
import { nonceOf, USERS_ONLY, type AllowedMentions } from './action-request.js';

const CreatedSchema = z.object({ id: z.string(), channel_id: z.string() });

export type OutgoingMessage = Readonly<{
  content: string | null;
  embeds?: readonly Readonly<Record<string, unknown>>[];
  replyToMessageId?: string | null;
  allowedMentions?: AllowedMentions;
  components?: readonly Readonly<Record<string, unknown>>[];
}>;

const parseList = (m: AllowedMentions): string[] => [
  ...(m.everyone ? ['everyone'] : []),
  ...(m.roles ? ['roles'] : []),
  ...(m.users ? ['users'] : []),
];

/**
 * Posts with a nonce derived from the requesting event and enforce_nonce: Discord answers a
 * repeat within its nonce window with the message it already created, so a redelivery after a
 * crash never posts twice.
 */
export const postOnce = async (rest: REST, channelId: string, eventId: string, message: OutgoingMessage): Promise<{ messageId: string; channelId: string }> => {
  const body = {
    ...(message.content ? { content: message.content } : {}),
    ...(message.embeds?.length ? { embeds: message.embeds } : {}),
    ...(message.components?.length ? { components: message.components } : {}),
    nonce: nonceOf(eventId),
    enforce_nonce: true,
    allowed_mentions: { parse: parseList(message.allowedMentions ?? USERS_ONLY) },
    ...(message.replyToMessageId ? { message_reference: { message_id: message.replyToMessageId, fail_if_not_exists: false } } : {}),
  };
  const created = CreatedSchema.parse(await rest.post(Routes.channelMessages(channelId), { body }));
  return { messageId: created.id, channelId: created.channel_id };
};

export const sendMessage: ActionFn<'send-message'> = async ({ rest }, r) => done(await postOnce(rest, r.channelId, r.id, r));
