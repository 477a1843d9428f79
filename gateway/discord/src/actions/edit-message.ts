import { Routes } from 'discord.js';
import { done, type ActionFn } from './action-context.js';

/** An edit to the same content is idempotent in effect. */
export const editMessage: ActionFn<'edit-message'> = async ({ rest }, r) => {
  await rest.patch(Routes.channelMessage(r.channelId, r.messageId), { body: { content: r.content, ...(r.components ? { components: r.components } : {}) } });
  return done({ messageId: r.messageId, channelId: r.channelId });
};
