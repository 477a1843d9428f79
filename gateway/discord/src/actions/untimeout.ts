import { Routes } from 'discord.js';
import { ActionFailure } from './action-failure.js';
import { alreadyDone, done, getOrNull, MemberStateSchema, reasonOf, type ActionFn } from './action-context.js';
import { DiscordCodes } from './discord-errors.js';

/** A member whose timeout is over (or lifted already) needs nothing. */
export const untimeout: ActionFn<'untimeout'> = async ({ rest }, r) => {
  const raw = await getOrNull(rest, Routes.guildMember(r.guildId, r.userId), DiscordCodes.UNKNOWN_MEMBER);
  if (raw === null) throw new ActionFailure(DiscordCodes.UNKNOWN_MEMBER, 404, `member gone: user ${r.userId} is no longer in the server`);
  const until = MemberStateSchema.parse(raw).communication_disabled_until;
  if (!until || Date.parse(until) <= Date.now()) return alreadyDone();
  await rest.patch(Routes.guildMember(r.guildId, r.userId), { body: { communication_disabled_until: null }, ...reasonOf(r) });
  return done();
};
