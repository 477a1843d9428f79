import { Routes } from 'discord.js';
import { ActionFailure } from './action-failure.js';
import { alreadyDone, done, getOrNull, MemberStateSchema, reasonOf, type ActionFn } from './action-context.js';
import { DiscordCodes } from './discord-errors.js';

const sameInstant = (a: string | null | undefined, b: string): boolean => !!a && Date.parse(a) === Date.parse(b);

/** Setting communication_disabled_until is idempotent; the look first avoids a second audit entry. */
export const timeout: ActionFn<'timeout'> = async ({ rest }, r) => {
  if (Date.parse(r.until) <= Date.now()) {
    throw new ActionFailure(null, null, `timeout already over: it was to end at ${r.until}, before Discord could apply it`);
  }
  const raw = await getOrNull(rest, Routes.guildMember(r.guildId, r.userId), DiscordCodes.UNKNOWN_MEMBER);
  if (raw === null) throw new ActionFailure(DiscordCodes.UNKNOWN_MEMBER, 404, `member gone: user ${r.userId} is no longer in the server`);
  if (sameInstant(MemberStateSchema.parse(raw).communication_disabled_until, r.until)) return alreadyDone();
  await rest.patch(Routes.guildMember(r.guildId, r.userId), { body: { communication_disabled_until: r.until }, ...reasonOf(r) });
  return done();
};
