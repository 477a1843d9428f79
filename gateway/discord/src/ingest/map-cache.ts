import type { GuildBasedChannel, GuildMember, Role, User } from 'discord.js';
import type { FactChannel, FactMember, FactRole, FactUser } from '../facts/index.js';

/** discord.js cache structures → fact shapes (snapshots and "before" states come from the cache). */
export const userFromCache = (u: User): FactUser => ({
  id: u.id,
  username: u.partial ? null : u.username,
  globalName: u.globalName ?? null,
  bot: u.bot ?? false,
});

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export const memberFromCache = (m: GuildMember): FactMember => ({
  user: userFromCache(m.user),
  nick: m.nickname ?? null,
  // The @everyone role (id = guild id) is implicit in Discord's member payloads.
  roleIds: [...m.roles.cache.keys()].filter((id) => id !== m.guild.id),
  joinedAt: iso(m.joinedAt),
  communicationDisabledUntil: iso(m.communicationDisabledUntil),
  pending: m.pending ?? false,
});

export const roleFromCache = (r: Role): FactRole => ({
  id: r.id,
  name: r.name,
  color: r.color,
  position: r.position,
  permissions: r.permissions.bitfield.toString(),
  managed: r.managed,
  hoist: r.hoist,
  mentionable: r.mentionable,
});

export const channelFromCache = (c: GuildBasedChannel): FactChannel => ({
  id: c.id,
  type: c.type,
  name: c.name ?? null,
  parentId: c.parentId ?? null,
  position: 'rawPosition' in c && typeof c.rawPosition === 'number' ? c.rawPosition : null,
  topic: 'topic' in c && typeof c.topic === 'string' ? c.topic : null,
  nsfw: 'nsfw' in c && typeof c.nsfw === 'boolean' ? c.nsfw : false,
});
