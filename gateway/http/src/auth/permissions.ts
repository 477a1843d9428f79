/** Discord permission bits the dashboard cares about (https://discord.com/developers/docs/topics/permissions). */
export const Permission = {
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_GUILD: 1n << 5n,
  VIEW_AUDIT_LOG: 1n << 7n,
  MANAGE_MESSAGES: 1n << 13n,
  MODERATE_MEMBERS: 1n << 40n,
} as const;
export type PermissionName = keyof typeof Permission;

/** Who may open a guild's dashboard at all: anyone who can moderate or manage it. */
export const DASHBOARD_PERMISSIONS: readonly PermissionName[] = ['MANAGE_GUILD', 'BAN_MEMBERS', 'KICK_MEMBERS', 'MODERATE_MEMBERS'];

export type GuildGrant = Readonly<{ owner: boolean; permissions: string }>;

/** Owners and administrators have every permission, as in Discord. */
export const hasAny = (grant: GuildGrant, needed: readonly PermissionName[]): boolean => {
  if (grant.owner) return true;
  const bits = BigInt(grant.permissions);
  if ((bits & Permission.ADMINISTRATOR) !== 0n) return true;
  return needed.some((p) => (bits & Permission[p]) !== 0n);
};

export const canOpenDashboard = (grant: GuildGrant): boolean => hasAny(grant, DASHBOARD_PERMISSIONS);

/** The names of the permissions a grant holds, for the UI (which buttons to show). */
export const permissionNames = (grant: GuildGrant): PermissionName[] =>
  (Object.keys(Permission) as PermissionName[]).filter((p) => hasAny(grant, [p]));
