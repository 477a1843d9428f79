import { makeFact, sessionKey, type DispatchHandler } from './fact-builder.js';
import { MemberAddSchema, MemberRemoveSchema, MemberUpdateSchema } from './gateway-payloads.js';
import { memberFromApi, userFromApi } from './map-api.js';
import { memberFromCache } from './map-cache.js';

const cachedMember = (ctx: Parameters<DispatchHandler>[0], guildId: string, userId: string) =>
  ctx.client.guilds.cache.get(guildId)?.members.cache.get(userId);

/** A join is keyed by its joined_at: the same join replayed dedupes, a re-join is a new fact. */
export const onMemberAdd: DispatchHandler = (_ctx, d, meta) => {
  const p = MemberAddSchema.parse(d);
  const member = memberFromApi(p);
  const occurredAt = member.joinedAt ?? meta.observedAt;
  return {
    guildId: p.guild_id,
    facts: [makeFact('member-joined', p.guild_id, [p.user.id, member.joinedAt ?? sessionKey(meta).join(':')], { member }, meta, occurredAt)],
  };
};

export const onMemberRemove: DispatchHandler = (ctx, d, meta) => {
  const p = MemberRemoveSchema.parse(d);
  const cached = cachedMember(ctx, p.guild_id, p.user.id);
  const known = cached && !cached.partial ? memberFromCache(cached) : null;
  const lastKnown = known ? { nick: known.nick, roleIds: known.roleIds, joinedAt: known.joinedAt } : null;
  return {
    guildId: p.guild_id,
    facts: [makeFact('member-left', p.guild_id, sessionKey(meta), { user: userFromApi(p.user), lastKnown }, meta)],
  };
};

/** Roles and nickname before (from the cache, read before discord.js applies the update) and after. */
export const onMemberUpdate: DispatchHandler = (ctx, d, meta) => {
  const p = MemberUpdateSchema.parse(d);
  const cached = cachedMember(ctx, p.guild_id, p.user.id);
  const beforeMember = cached && !cached.partial ? memberFromCache(cached) : null;
  const after = memberFromApi(p);
  const state = (m: typeof after) => ({
    nick: m.nick,
    roleIds: m.roleIds,
    communicationDisabledUntil: m.communicationDisabledUntil,
    pending: m.pending,
  });
  const before = beforeMember ? state(beforeMember) : null;
  const rolesAdded = before ? after.roleIds.filter((r) => !before.roleIds.includes(r)) : [];
  const rolesRemoved = before ? before.roleIds.filter((r) => !after.roleIds.includes(r)) : [];
  const payload = {
    user: after.user,
    before,
    after: state(after),
    rolesAdded,
    rolesRemoved,
    nickChanged: before !== null && before.nick !== after.nick,
  };
  return {
    guildId: p.guild_id,
    facts: [makeFact('member-updated', p.guild_id, sessionKey(meta), payload, meta)],
  };
};

