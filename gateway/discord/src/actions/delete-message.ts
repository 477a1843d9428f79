import { Routes } from 'discord.js';
import { alreadyDone, done, reasonOf, type ActionFn } from './action-context.js';
import { DiscordCodes, isDiscordCode } from './discord-errors.js';

/** A message already gone is the effect asked for. */
export const deleteMessage: ActionFn<'delete-message'> = async ({ rest }, r) => {
  try {
    await rest.delete(Routes.channelMessage(r.channelId, r.messageId), reasonOf(r));
  } catch (err) {
    if (isDiscordCode(err, DiscordCodes.UNKNOWN_MESSAGE)) return alreadyDone({ messageId: r.messageId });
    throw err;
  }
  return done({ messageId: r.messageId });
};
