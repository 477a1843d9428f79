import { describe, expect, it } from 'vitest';
import { atLeast, DiscordPermission as P, levelFromDiscord, levelOf, mayGrant, permissionsOfRoles, type ActiveGrant } from '../src/index.js';

const NOW = '2026-03-01T12:00:00.000Z';
const bits = (...b: bigint[]) => b.reduce((a, x) => a | x, 0n).toString();

describe('levels', () => {
  it('orders owner > admin > moderator > viewer > none', () => {
    expect(atLeast('owner', 'admin')).toBe(true);
    expect(atLeast('admin', 'moderator')).toBe(true);
    expect(atLeast('moderator', 'viewer')).toBe(true);
    expect(atLeast('viewer', 'moderator')).toBe(false);
    expect(atLeast(null, 'viewer')).toBe(false);
  });

  it('derives the level from Discord: owner, admin (ADMINISTRATOR/MANAGE_GUILD), moderator (BAN/KICK/MODERATE), else none', () => {
    expect(levelFromDiscord({ owner: true, permissions: '0' })).toBe('owner');
    expect(levelFromDiscord({ owner: false, permissions: bits(P.ADMINISTRATOR) })).toBe('admin');
    expect(levelFromDiscord({ owner: false, permissions: bits(P.MANAGE_GUILD) })).toBe('admin');
    expect(levelFromDiscord({ owner: false, permissions: bits(P.MODERATE_MEMBERS) })).toBe('moderator');
    expect(levelFromDiscord({ owner: false, permissions: bits(P.KICK_MEMBERS) })).toBe('moderator');
    expect(levelFromDiscord({ owner: false, permissions: bits(P.MANAGE_MESSAGES, P.VIEW_AUDIT_LOG) })).toBeNull();
    expect(levelFromDiscord({ owner: false, permissions: 'garbage' })).toBeNull();
  });

  it('folds role permissions', () => {
    expect(permissionsOfRoles(['1', '2', '3'], { '1': bits(P.KICK_MEMBERS), '2': bits(P.BAN_MEMBERS) })).toBe(bits(P.KICK_MEMBERS, P.BAN_MEMBERS));
  });

  it('raises a member by grants to them or their roles, while they have not expired', () => {
    const grants: ActiveGrant[] = [
      { subject: { kind: 'role', id: '10' }, level: 'viewer', expiresAt: null },
      { subject: { kind: 'user', id: '7' }, level: 'admin', expiresAt: '2026-03-01T11:00:00.000Z' },
      { subject: { kind: 'user', id: '8' }, level: 'moderator', expiresAt: '2026-03-02T00:00:00.000Z' },
    ];
    expect(levelOf({ userId: '5', roleIds: ['10'], discordLevel: null }, grants, NOW)).toBe('viewer');
    expect(levelOf({ userId: '7', roleIds: [], discordLevel: null }, grants, NOW)).toBeNull();
    expect(levelOf({ userId: '8', roleIds: ['10'], discordLevel: null }, grants, NOW)).toBe('moderator');
    // A grant never lowers what Discord gives.
    expect(levelOf({ userId: '5', roleIds: ['10'], discordLevel: 'admin' }, grants, NOW)).toBe('admin');
  });

  it('lets admins grant up to moderator, and only owners grant admin', () => {
    expect(mayGrant('admin', 'moderator')).toBe(true);
    expect(mayGrant('admin', 'admin')).toBe(false);
    expect(mayGrant('owner', 'admin')).toBe(true);
    expect(mayGrant('moderator', 'viewer')).toBe(false);
  });
});
