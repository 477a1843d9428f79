import { Routes } from 'discord.js';
import { ActionFailure } from './action-failure.js';
import { alreadyDone, done, getOrNull, MemberStateSchema, reasonOf, type ActionFn } from './action-context.js';
import { DiscordCodes } from './discord-errors.js';

/** Adding a role the member has (or removing one they lack) is already the effect asked for. */
export const changeRole: ActionFn<'role-add' | 'role-remove'> = async ({ rest }, r) => {
  const raw = await getOrNull(rest, Routes.guildMember(r.guildId, r.userId), DiscordCodes.UNKNOWN_MEMBER);
  if (raw === null) throw new ActionFailure(DiscordCodes.UNKNOWN_MEMBER, 404, `member gone: user ${r.userId} is no longer in the server`);
  const has = MemberStateSchema.parse(raw).roles.includes(r.roleId);
  if (r.kind === 'role-add' ? has : !has) return alreadyDone();
  const route = Routes.guildMemberRole(r.guildId, r.userId, r.roleId);
  if (r.kind === 'role-add') await rest.put(route, reasonOf(r));
  else await rest.delete(route, reasonOf(r));
  return done();
};
