import type { Me } from './api/types.js';

type Level = Me['guilds'][number]['level'];

/** A guild page in the side navigation; `admin`: only admins and the owner may open it (its API answers 403 to others). */
export type NavEntry = Readonly<{ to: string; label: string; admin?: true }>;

export const NAV: readonly NavEntry[] = [
  { to: '', label: 'Overview' },
  { to: '/cases', label: 'Cases' },
  { to: '/members', label: 'Members' },
  { to: '/moderate', label: 'Moderate' },
  { to: '/reports', label: 'Reports' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/message', label: 'Messages' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/activity', label: 'Activity' },
  { to: '/audit', label: 'Audit log' },
  { to: '/access', label: 'Access' },
  { to: '/settings-history', label: 'Settings history', admin: true },
  { to: '/music', label: 'Music' },
  { to: '/notifications', label: 'Notifications', admin: true },
  { to: '/appeals', label: 'Appeals' },
  { to: '/automod', label: 'Automod' },
  { to: '/schedules', label: 'Schedules' },
  { to: '/custom-commands', label: 'Custom commands' },
  { to: '/workflows', label: 'Workflows' },
];

export const isAdminLevel = (level: Level): boolean => level === 'admin' || level === 'owner';

/** The entries a member of this level may open: a link that can only answer "forbidden" is not offered. */
export const navFor = (level: Level): readonly NavEntry[] => NAV.filter((n) => !n.admin || isAdminLevel(level));
