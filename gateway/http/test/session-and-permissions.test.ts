import { describe, expect, it } from 'vitest';
import { canOpenDashboard, hasAny, Permission, permissionNames } from '../src/auth/permissions.js';
import { SessionCodec, type Session } from '../src/auth/session.js';
import { rejectionStatus } from '../src/http/api-error.js';

const session = (over: Partial<Session> = {}): Session => ({
  v: 1,
  user: { id: '42', name: 'Ann', avatar: null },
  guilds: [{ id: '7', name: 'Guild', icon: null, owner: false, permissions: String(Permission.BAN_MEMBERS) }],
  issuedAt: 1_000,
  expiresAt: 10_000,
  ...over,
});

describe('session cookie', () => {
  const codec = new SessionCodec('a'.repeat(32));

  it('round-trips a session and refuses it once expired', () => {
    const value = codec.encode(session());
    expect(codec.decode(value, 5_000)).toEqual(session());
    expect(codec.decode(value, 10_000)).toBeNull();
  });

  it('refuses a changed body, another key, garbage and nothing', () => {
    const value = codec.encode(session());
    const [body, sig] = value.split('.');
    const raised = Buffer.from(JSON.stringify(session({ guilds: [{ id: '7', name: 'Guild', icon: null, owner: true, permissions: '8' }] }))).toString('base64url');
    expect(codec.decode(`${raised}.${sig}`, 5_000)).toBeNull();
    expect(new SessionCodec('b'.repeat(32)).decode(value, 5_000)).toBeNull();
    expect(codec.decode(`${body}.`, 5_000)).toBeNull();
    expect(codec.decode('no-dot', 5_000)).toBeNull();
    expect(codec.decode(undefined)).toBeNull();
  });

  it('stays under the browser cookie limit with many guilds, dropping names before guilds', () => {
    const guilds = Array.from({ length: 200 }, (_, i) => ({ id: String(10 ** 17 + i), name: 'A rather long guild name '.repeat(4).slice(0, 100), icon: 'a'.repeat(32), owner: false, permissions: '8' }));
    const value = codec.encode(session({ guilds }));
    expect(value.length).toBeLessThan(4_000);
    const decoded = codec.decode(value, 5_000)!;
    expect(decoded.guilds.length).toBeGreaterThan(20);
    expect(decoded.guilds[0]!.name.length).toBeLessThanOrEqual(24);
  });
});

describe('Discord permissions', () => {
  const grant = (bits: bigint, owner = false) => ({ owner, permissions: String(bits) });

  it('lets owners and administrators do anything', () => {
    expect(hasAny(grant(0n, true), ['MANAGE_GUILD'])).toBe(true);
    expect(hasAny(grant(Permission.ADMINISTRATOR), ['BAN_MEMBERS'])).toBe(true);
  });

  it('checks the bits, including MODERATE_MEMBERS above 2^32', () => {
    expect(hasAny(grant(Permission.MODERATE_MEMBERS), ['MODERATE_MEMBERS'])).toBe(true);
    expect(hasAny(grant(Permission.KICK_MEMBERS), ['BAN_MEMBERS'])).toBe(false);
    expect(canOpenDashboard(grant(Permission.MANAGE_MESSAGES))).toBe(false);
    expect(canOpenDashboard(grant(Permission.KICK_MEMBERS))).toBe(true);
    expect(permissionNames(grant(Permission.BAN_MEMBERS | Permission.VIEW_AUDIT_LOG))).toEqual(['BAN_MEMBERS', 'VIEW_AUDIT_LOG']);
  });

  it('answers 409 for state conflicts and 422 for other rules', () => {
    expect(rejectionStatus('ALREADY_BANNED')).toBe(409);
    expect(rejectionStatus('NOT_TIMED_OUT')).toBe(409);
    expect(rejectionStatus('ACTION_PENDING')).toBe(409);
    expect(rejectionStatus('CASE_NOT_FOUND')).toBe(422);
    expect(rejectionStatus('BULK_TARGET_NOT_FOUND')).toBe(422);
  });
});
