import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';

/**
 * The one rule set of Guildhall's access: per-guild levels, owner > admin > moderator > viewer,
 * derived from Discord permissions and raised by grants made in Guildhall. The dashboard, the
 * API tokens and the bot's slash commands all ask `levelOf` and `allows`.
 */
export const LEVELS = ['viewer', 'moderator', 'admin', 'owner'] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

/** What a grant may give: owner comes from Discord alone. */
export const GrantableLevelSchema = z.enum(['viewer', 'moderator', 'admin']);
export type GrantableLevel = z.infer<typeof GrantableLevelSchema>;

const rank = (l: Level | null): number => (l === null ? -1 : LEVELS.indexOf(l));

/** True when `held` is `needed` or above. No level (a plain member) never passes. */
export const atLeast = (held: Level | null, needed: Level): boolean => rank(held) >= rank(needed);

export const highest = (levels: Iterable<Level | null>): Level | null => {
  let best: Level | null = null;
  for (const l of levels) if (rank(l) > rank(best)) best = l;
  return best;
};

/** Discord permission bits that matter to the level (https://discord.com/developers/docs/topics/permissions). */
export const DiscordPermission = {
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_GUILD: 1n << 5n,
  VIEW_AUDIT_LOG: 1n << 7n,
  MANAGE_MESSAGES: 1n << 13n,
  MODERATE_MEMBERS: 1n << 40n,
} as const;

const bitsOf = (permissions: string): bigint => {
  try {
    return BigInt(permissions);
  } catch {
    return 0n;
  }
};

/**
 * The level Discord itself gives: the owner; ADMINISTRATOR or MANAGE_GUILD → admin; BAN, KICK or
 * MODERATE_MEMBERS → moderator; anything else → none (a member, who may still hold a grant).
 */
export const levelFromDiscord = (d: Readonly<{ owner: boolean; permissions: string }>): Level | null => {
  if (d.owner) return 'owner';
  const bits = bitsOf(d.permissions);
  const any = (...p: bigint[]) => p.some((b) => (bits & b) !== 0n);
  if (any(DiscordPermission.ADMINISTRATOR, DiscordPermission.MANAGE_GUILD)) return 'admin';
  if (any(DiscordPermission.BAN_MEMBERS, DiscordPermission.KICK_MEMBERS, DiscordPermission.MODERATE_MEMBERS)) return 'moderator';
  return null;
};

/** The union of the permissions of a member's roles (the @everyone role's id is the guild's). */
export const permissionsOfRoles = (roleIds: readonly string[], rolePermissions: Readonly<Record<string, string>>): string =>
  roleIds.reduce((acc, id) => acc | bitsOf(Object.hasOwn(rolePermissions, id) ? rolePermissions[id]! : '0'), 0n).toString();

export const GrantSubjectSchema = z.object({ kind: z.enum(['role', 'user']), id: SnowflakeSchema });
export type GrantSubject = z.infer<typeof GrantSubjectSchema>;

/** A grant as the rule needs it: to whom, what, until when. */
export type ActiveGrant = Readonly<{ subject: GrantSubject; level: GrantableLevel; expiresAt: string | null }>;

export type Member = Readonly<{ userId: string; roleIds: readonly string[]; discordLevel: Level | null }>;

/** A grant counts when it names the user or one of their roles and has not expired at `now`. */
export const grantApplies = (g: ActiveGrant, m: Member, now: string): boolean =>
  (g.expiresAt === null || g.expiresAt > now) && (g.subject.kind === 'user' ? g.subject.id === m.userId : m.roleIds.includes(g.subject.id));

/** The member's level: the highest of Discord's and of every grant that applies. */
export const levelOf = (m: Member, grants: readonly ActiveGrant[], now: string): Level | null =>
  highest([m.discordLevel, ...grants.filter((g) => grantApplies(g, m, now)).map((g) => g.level)]);

/** Third-party API token scopes: what a token may do, on top of the level of the admin who made it. */
export const SCOPES = ['cases:read', 'cases:write', 'members:read', 'audit:read', 'messages:write', 'music:control', 'appeals:review', 'automation:write'] as const;
export const ScopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof ScopeSchema>;

/** Who may grant a level: admins grant up to moderator, only the owner grants admin. */
export const mayGrant = (grantor: Level | null, level: GrantableLevel): boolean => (level === 'admin' ? atLeast(grantor, 'owner') : atLeast(grantor, 'admin'));
