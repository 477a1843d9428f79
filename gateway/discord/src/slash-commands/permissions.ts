import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { COMMAND_PERMISSIONS, type CommandName } from './definitions.js';

/** Guildhall's own grants: roles whose members may use the moderation commands in a guild. */
export type Grants = Readonly<{ moderatorRoles: readonly Readonly<{ guildId: string; roleId: string }>[] }>;

export type Invoker = Readonly<{
  guildId: string;
  /** The member's permissions in the channel as Discord computed them (null when Discord sent none). */
  permissions: bigint | null;
  roleIds: readonly string[];
}>;

/**
 * A member may use a command when Discord grants them its permission (administrators have all)
 * or when one of their roles holds a Guildhall moderator grant in this guild.
 */
export const mayUse = (command: CommandName, invoker: Invoker, grants: Grants): boolean => {
  const needed = COMMAND_PERMISSIONS[command];
  const perms = invoker.permissions ?? 0n;
  if ((perms & PermissionFlagsBits.Administrator) !== 0n || (perms & needed) === needed) return true;
  return grants.moderatorRoles.some((g) => g.guildId === invoker.guildId && invoker.roleIds.includes(g.roleId));
};

/** "Ban Members" for the refusal message. */
export const permissionLabel = (command: CommandName): string => {
  const names = new PermissionsBitField(COMMAND_PERMISSIONS[command]).toArray();
  return names.map((n) => n.replace(/([a-z])([A-Z])/g, '$1 $2')).join(', ');
};
