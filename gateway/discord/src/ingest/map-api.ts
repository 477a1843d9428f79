import type { FactChannel, FactMember, FactRole, FactUser } from '../facts/index.js';
import type { ApiChannel, ApiMember, ApiRole, ApiUser } from './gateway-payloads.js';

/** Discord's timestamps ("…+00:00", microseconds) as our ISO instants; null when absent or unreadable. */
export const instant = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** A snowflake's creation time (Discord epoch 2015-01-01). */
export const snowflakeInstant = (snowflake: string): string =>
  new Date(Number((BigInt(snowflake) >> 22n) + 1_420_070_400_000n)).toISOString();

export const userFromApi = (u: ApiUser): FactUser => ({
  id: u.id,
  username: u.username ?? null,
  globalName: u.global_name ?? null,
  bot: u.bot ?? false,
});

export const memberFromApi = (m: ApiMember): FactMember => ({
  user: userFromApi(m.user),
  nick: m.nick ?? null,
  roleIds: [...m.roles],
  joinedAt: instant(m.joined_at),
  communicationDisabledUntil: instant(m.communication_disabled_until),
  pending: m.pending ?? false,
});

export const roleFromApi = (r: ApiRole): FactRole => ({
  id: r.id,
  name: r.name,
  color: r.color ?? 0,
  position: r.position,
  permissions: /^\d+$/.test(r.permissions) ? r.permissions : '0',
  managed: r.managed ?? false,
  hoist: r.hoist ?? false,
  mentionable: r.mentionable ?? false,
});

export const channelFromApi = (c: ApiChannel): FactChannel => ({
  id: c.id,
  type: c.type,
  name: c.name ?? null,
  parentId: c.parent_id ?? null,
  position: c.position ?? null,
  topic: c.topic ?? null,
  nsfw: c.nsfw ?? false,
});
