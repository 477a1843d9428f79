import type { Level } from '@guildhall/access';

/** Names the dashboard shows buttons by: what each level may do, in Discord's words. */
export type PermissionName = 'KICK_MEMBERS' | 'BAN_MEMBERS' | 'ADMINISTRATOR' | 'MANAGE_GUILD' | 'VIEW_AUDIT_LOG' | 'MANAGE_MESSAGES' | 'MODERATE_MEMBERS';

const MODERATOR: PermissionName[] = ['KICK_MEMBERS', 'BAN_MEMBERS', 'VIEW_AUDIT_LOG', 'MANAGE_MESSAGES', 'MODERATE_MEMBERS'];
const BY_LEVEL: Record<Level, PermissionName[]> = {
  viewer: ['VIEW_AUDIT_LOG'],
  moderator: MODERATOR,
  admin: ['KICK_MEMBERS', 'BAN_MEMBERS', 'MANAGE_GUILD', 'VIEW_AUDIT_LOG', 'MANAGE_MESSAGES', 'MODERATE_MEMBERS'],
  owner: ['KICK_MEMBERS', 'BAN_MEMBERS', 'ADMINISTRATOR', 'MANAGE_GUILD', 'VIEW_AUDIT_LOG', 'MANAGE_MESSAGES', 'MODERATE_MEMBERS'],
};

/** The permission names a level stands for in Guildhall (the rule is the level; these only label it). */
export const permissionsOfLevel = (level: Level): PermissionName[] => BY_LEVEL[level];
