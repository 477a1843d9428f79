import { Routes } from 'discord.js';
import { alreadyDone, done, getOrNull, reasonOf, type ActionFn } from './action-context.js';
import { DiscordCodes } from './discord-errors.js';

/**
 * Discord accepts a second ban silently but logs it again and deletes messages again, so the
 * ban is looked up first: a redelivered request after a crash finds it and sends nothing.
 */
export const ban: ActionFn<'ban'> = async ({ rest }, r) => {
  if ((await getOrNull(rest, Routes.guildBan(r.guildId, r.userId), DiscordCodes.UNKNOWN_BAN)) !== null) return alreadyDone();
  await rest.put(Routes.guildBan(r.guildId, r.userId), {
    body: r.deleteMessageSeconds ? { delete_message_seconds: r.deleteMessageSeconds } : {},
    ...reasonOf(r),
  });
  return done();
};
