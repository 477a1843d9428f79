import { Routes } from 'discord.js';
import { alreadyDone, done, getOrNull, reasonOf, type ActionFn } from './action-context.js';
import { DiscordCodes } from './discord-errors.js';

/** Not banned (any more) is the effect asked for: nothing to send. */
export const unban: ActionFn<'unban'> = async ({ rest }, r) => {
  if ((await getOrNull(rest, Routes.guildBan(r.guildId, r.userId), DiscordCodes.UNKNOWN_BAN)) === null) return alreadyDone();
  try {
    await rest.delete(Routes.guildBan(r.guildId, r.userId), reasonOf(r));
  } catch (err) {
    // Lifted between our look and the call (by a human): the effect is there.
    if ((err as { code?: unknown }).code === DiscordCodes.UNKNOWN_BAN) return alreadyDone();
    throw err;
  }
  return done();
};
