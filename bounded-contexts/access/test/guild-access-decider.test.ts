import { commandFromEnvelope, DeciderSpecification, type Actor } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { guildAccessCommands, guildAccessDecider, guildAccessStreamId, type GuildAccessCommand, type GuildAccessEvent } from '../src/index.js';

const GUILD = '100000000000000001';
const ROLE = '300000000000000001';
const USER = '200000000000000009';
const NOW = '2026-03-01T12:00:00.000Z';
const LATER = '2026-03-08T12:00:00.000Z';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const HASH = 'a'.repeat(64);

type Type = keyof typeof guildAccessCommands;
const command = <T extends Type>(type: T, payload: z.input<(typeof guildAccessCommands)[T]>, id = 'grant-1'): Extract<GuildAccessCommand, { type: T }> =>
  commandFromEnvelope(guildAccessCommands, {
    id, type, issuedAt: NOW, guildId: GUILD, actor: ANN, source: 'web', correlationId: id, causationId: null, payload,
  }) as Extract<GuildAccessCommand, { type: T }>;

const spec = DeciderSpecification.for(guildAccessDecider);
const granted = (id = 'grant-1', over: Partial<Extract<GuildAccessEvent, { type: 'AccessGranted' }>['data']> = {}): GuildAccessEvent => ({
  type: 'AccessGranted',
  data: { grantId: id, subject: { kind: 'role', id: ROLE }, level: 'viewer', expiresAt: null, reason: null, grantedBy: ANN, grantedAt: NOW, ...over },
});
const revoked = (id = 'grant-1'): GuildAccessEvent => ({
  type: 'AccessRevoked',
  data: { grantId: id, subject: { kind: 'role', id: ROLE }, level: 'viewer', reason: null, revokedBy: ANN, revokedAt: NOW },
});
const issued: GuildAccessEvent = {
  type: 'ApiTokenIssued',
  data: { tokenId: 'tok_12345678', name: 'ci', scopes: ['cases:read'], expiresAt: null, secretHash: HASH, issuedBy: ANN, issuedAt: NOW },
};

describe('GrantAccess', () => {
  it('grants a role a level, under the command id, naming who and when', () => {
    spec.given([]).when(command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'viewer' })).then([granted()]);
  });
  it('grants a user a level until an expiry', () => {
    spec.given([]).when(command('GrantAccess', { subject: { kind: 'user', id: USER }, level: 'moderator', expiresAt: LATER, reason: 'holiday cover' })).then([
      granted('grant-1', { subject: { kind: 'user', id: USER }, level: 'moderator', expiresAt: LATER, reason: 'holiday cover' }),
    ]);
  });
  it('is idempotent for a resent command', () => {
    spec.given([granted()]).when(command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'viewer' })).then([]);
  });
  it('refuses the same active level to the same subject, but allows it again after a revocation', () => {
    spec.given([granted()]).when(command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'viewer' }, 'grant-2')).thenRejects('ALREADY_GRANTED');
    spec.given([granted(), revoked()]).when(command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'viewer' }, 'grant-2')).then([granted('grant-2')]);
  });
  it('allows the same level again once the earlier grant has expired', () => {
    spec.given([granted('grant-1', { expiresAt: '2026-03-01T11:00:00.000Z' })]).when(command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'viewer' }, 'grant-2')).then([granted('grant-2')]);
  });
  it('refuses an expiry in the past', () => {
    spec.given([]).when(command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'viewer', expiresAt: '2026-02-01T00:00:00Z' })).thenRejects('EXPIRY_IN_PAST');
  });
  it('cannot grant owner (that comes from Discord alone), nor a non-snowflake subject', () => {
    expect(() => command('GrantAccess', { subject: { kind: 'role', id: ROLE }, level: 'owner' as 'admin' })).toThrow(/level/);
    expect(() => command('GrantAccess', { subject: { kind: 'role', id: 'admins' }, level: 'viewer' })).toThrow(/subject\.id/);
  });
});

describe('RevokeAccess', () => {
  it('revokes a grant, repeating what it was', () => {
    spec.given([granted()]).when(command('RevokeAccess', { grantId: 'grant-1' }, 'rev-1')).then([revoked()]);
  });
  it('refuses an unknown grant and a second revocation', () => {
    spec.given([]).when(command('RevokeAccess', { grantId: 'nope' }, 'rev-1')).thenRejects('GRANT_NOT_FOUND');
    spec.given([granted(), revoked()]).when(command('RevokeAccess', { grantId: 'grant-1' }, 'rev-2')).thenRejects('ALREADY_REVOKED');
  });
});

describe('API tokens', () => {
  const issue = (over: Partial<z.input<typeof guildAccessCommands.IssueApiToken>> = {}) =>
    command('IssueApiToken', { tokenId: 'tok_12345678', name: 'ci', scopes: ['cases:read', 'cases:read'], secretHash: HASH, ...over }, 'issue-1');
  it('issues a token with its scopes (deduplicated) and the hash of its secret', () => {
    spec.given([]).when(issue()).then([issued]);
  });
  it('is idempotent for the same token, refuses a reused id or secret', () => {
    spec.given([issued]).when(issue()).then([]);
    spec.given([issued]).when(issue({ secretHash: 'b'.repeat(64) })).thenRejects('ALREADY_ISSUED');
    spec.given([issued]).when(issue({ tokenId: 'tok_other123' })).thenRejects('ALREADY_ISSUED');
  });
  it('refuses unknown scopes', () => {
    expect(() => issue({ scopes: ['root' as 'cases:read'] })).toThrow(/scopes/);
  });
  it('revokes a token once', () => {
    const rev = command('RevokeApiToken', { tokenId: 'tok_12345678' }, 'rev-1');
    spec.given([issued]).when(rev).then([{ type: 'ApiTokenRevoked', data: { tokenId: 'tok_12345678', reason: null, revokedBy: ANN, revokedAt: NOW } }]);
    spec.given([issued, { type: 'ApiTokenRevoked', data: { tokenId: 'tok_12345678', reason: null, revokedBy: ANN, revokedAt: NOW } }]).when(rev).thenRejects('ALREADY_REVOKED');
    spec.given([]).when(rev).thenRejects('TOKEN_NOT_FOUND');
  });
  it('keeps one stream per guild', () => {
    expect(guildAccessStreamId(GUILD)).toBe(`access.guild.${GUILD}`);
  });
});
