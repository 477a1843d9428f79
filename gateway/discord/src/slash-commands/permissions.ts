import { atLeast, levelOf, type ActiveGrant, type Level } from '@guildhall/access';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { COMMAND_PERMISSIONS, type CommandName } from './definitions.js';

/** The bot's settings (GUILDHALL_MODERATOR_ROLES): roles seeded as moderator grants, beside those made in Guildhall. */
export type Grants = Readonly<{ moderatorRoles: readonly Readonly<{ guildId: string; roleId: string }>[] }>;

/** The access level (the access context's rule) that lets a Guildhall grant holder use a command. */
export const COMMAND_LEVEL: Readonly<Record<CommandName, Level>> = {
  warn: 'moderator', note: 'moderator', timeout: 'moderator', untimeout: 'moderator', kick: 'moderator', ban: 'moderator', unban: 'moderator', purge: 'moderator',
  case: 'viewer', history: 'viewer',
};

/** The settings' moderator roles of a guild as grants (a seed: the access context's grants add to them). */
export const seedGrants = (grants: Grants, guildId: string): ActiveGrant[] =>
  grants.moderatorRoles.filter((g) => g.guildId === guildId).map((g) => ({ subject: { kind: 'role', id: g.roleId }, level: 'moderator', expiresAt: null }));

export type Invoker = Readonly<{
  guildId: string;
  userId: string;
  /** The member's permissions in the channel as Discord computed them (null when Discord sent none). */
  permissions: bigint | null;
  roleIds: readonly string[];
}>;

/**
 * A member may use a command when Discord grants them its permission (administrators have all),
 * or when the grants of this guild (made in Guildhall, or seeded from the settings) give them,
 * or one of their roles, the command's level — the access context's `levelOf`, as the dashboard uses.
 */
export const mayUse = (command: CommandName, invoker: Invoker, grants: readonly ActiveGrant[], now: string = new Date().toISOString()): boolean => {
  const needed = COMMAND_PERMISSIONS[command];
  const perms = invoker.permissions ?? 0n;
  if ((perms & PermissionFlagsBits.Administrator) !== 0n || (perms & needed) === needed) return true;
  return atLeast(levelOf({ userId: invoker.userId, roleIds: invoker.roleIds, discordLevel: null }, grants, now), COMMAND_LEVEL[command]);
};

/** "Ban Members" for the refusal message. */
export const permissionLabel = (command: CommandName): string => {
  const names = new PermissionsBitField(COMMAND_PERMISSIONS[command]).toArray();
  return names.map((n) => n.replace(/([a-z])([A-Z])/g, '$1 $2')).join(', ');
};
