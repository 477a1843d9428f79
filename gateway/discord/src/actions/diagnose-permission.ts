import { PermissionFlagsBits, Routes, type REST } from 'discord.js';
import { z } from 'zod';
import type { ActionRequest } from './action-request.js';
import { permissionNameOf } from './discord-errors.js';

const RoleSchema = z.object({ id: z.string(), name: z.string(), position: z.number(), permissions: z.string() });
const MemberSchema = z.object({ roles: z.array(z.string()) });
const GuildSchema = z.object({ owner_id: z.string() });

const PERMISSION_BIT: Readonly<Record<string, bigint>> = {
  'Ban Members': PermissionFlagsBits.BanMembers,
  'Kick Members': PermissionFlagsBits.KickMembers,
  'Timeout Members': PermissionFlagsBits.ModerateMembers,
  'Manage Roles': PermissionFlagsBits.ManageRoles,
  'Manage Messages': PermissionFlagsBits.ManageMessages,
  'Send Messages': PermissionFlagsBits.SendMessages,
};

const VERB: Partial<Record<ActionRequest['kind'], string>> = {
  ban: 'banned',
  kick: 'kicked',
  timeout: 'timed out',
  untimeout: 'released from a timeout',
  'role-add': 'given roles',
  'role-remove': 'have roles removed',
};

type Role = z.infer<typeof RoleSchema>;

const highest = (roles: readonly Role[], ids: readonly string[]): Role | undefined =>
  roles.filter((r) => ids.includes(r.id)).sort((a, b) => b.position - a.position)[0];

/**
 * Discord answers 50013 both for a missing permission and for a role hierarchy problem. This
 * reads the guild (roles, the bot's and the target's roles, the owner) to say which one it is,
 * in words a moderator can act on. Null when it cannot tell (then the generic reason stands).
 */
export const diagnosePermission = async (rest: REST, r: ActionRequest, botUserId: string): Promise<string | null> => {
  try {
    const roles = z.array(RoleSchema).parse(await rest.get(Routes.guildRoles(r.guildId)));
    const bot = MemberSchema.parse(await rest.get(Routes.guildMember(r.guildId, botUserId)));
    const everyone = roles.find((x) => x.id === r.guildId);
    const perms = [...bot.roles.map((id) => roles.find((x) => x.id === id)), everyone]
      .filter((x): x is Role => x !== undefined)
      .reduce((acc, x) => acc | BigInt(x.permissions), 0n);
    const admin = (perms & PermissionFlagsBits.Administrator) !== 0n;
    const needed = permissionNameOf(r.kind);
    const bit = PERMISSION_BIT[needed];
    if (!admin && bit !== undefined && (perms & bit) === 0n) return `missing permission: the bot lacks ${needed} in this server`;
    const botTop = highest(roles, bot.roles);
    const botTopName = botTop ? `"${botTop.name}"` : '@everyone';
    if (r.kind === 'role-add' || r.kind === 'role-remove') {
      const role = roles.find((x) => x.id === r.roleId);
      if (role && role.position >= (botTop?.position ?? 0)) return `role too high: the role "${role.name}" is not below the bot's highest role ${botTopName}`;
    }
    if ('userId' in r && VERB[r.kind]) {
      const guild = GuildSchema.parse(await rest.get(Routes.guild(r.guildId)));
      if (guild.owner_id === r.userId) return `role too high: the server owner cannot be ${VERB[r.kind]}`;
      const target = MemberSchema.safeParse(await rest.get(Routes.guildMember(r.guildId, r.userId)).catch(() => null));
      const targetTop = target.success ? highest(roles, target.data.roles) : undefined;
      if (targetTop && targetTop.position >= (botTop?.position ?? 0)) {
        return `role too high: user ${r.userId}'s highest role "${targetTop.name}" is not below the bot's highest role ${botTopName}`;
      }
    }
    return null;
  } catch {
    return null;
  }
};
