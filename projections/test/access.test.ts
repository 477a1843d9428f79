import { accessHandler } from '@guildhall/access/handler';
import type { Actor, CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessProjection, apiTokenByHash, listApiTokens, listGrants } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G = '100000000000000077';
const ADMIN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const HASH = 'c'.repeat(64);
let world: TestWorld;
let n = 0;

const send = async (type: string, payload: unknown, id = `cmd-${++n}`): Promise<void> => {
  const envelope: CommandEnvelope = {
    id, type, guildId: G, actor: ADMIN, source: 'web', correlationId: id, causationId: null, issuedAt: new Date(Date.UTC(2026, 2, 1, 12, n)).toISOString(), payload,
  };
  const outcome = await accessHandler(world.store)(envelope);
  expect(outcome.status, JSON.stringify(outcome)).toBe('accepted');
};

beforeAll(async () => {
  world = await createTestWorld('access');
  await world.startRunners([accessProjection]);
  await send('GrantAccess', { subject: { kind: 'role', id: '300000000000000001' }, level: 'viewer' }, 'g-viewer');
  await send('GrantAccess', { subject: { kind: 'user', id: '200000000000000002' }, level: 'moderator', expiresAt: '2030-01-01T00:00:00Z' }, 'g-mod');
  await send('GrantAccess', { subject: { kind: 'user', id: '200000000000000003' }, level: 'admin' }, 'g-admin');
  await send('RevokeAccess', { grantId: 'g-admin' });
  await send('IssueApiToken', { tokenId: 'tok_aaaaaaaa', name: 'ci', scopes: ['cases:read', 'audit:read'], secretHash: HASH });
  await send('IssueApiToken', { tokenId: 'tok_bbbbbbbb', name: 'old', scopes: ['cases:read'], secretHash: 'd'.repeat(64) });
  await send('RevokeApiToken', { tokenId: 'tok_bbbbbbbb' });
  await world.caughtUp();
}, 90_000);

afterAll(async () => world?.dispose(), 30_000);

describe('access read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists the grants in force, and all of them on request, with who granted and revoked', async () => {
    const active = await listGrants(world.pool, { guildId: G });
    expect(active.map((g) => [g.grantId, g.level, g.subject.kind])).toEqual([['g-mod', 'moderator', 'user'], ['g-viewer', 'viewer', 'role']]);
    const all = await listGrants(world.pool, { guildId: G, includeInactive: true });
    expect(all.find((g) => g.grantId === 'g-admin')).toMatchObject({ revokedBy: ADMIN, revokedAt: expect.any(String), grantedBy: ADMIN });
    // An expired grant is not in force.
    expect((await listGrants(world.pool, { guildId: G, now: new Date('2031-01-01T00:00:00Z') })).map((g) => g.grantId)).toEqual(['g-viewer']);
  });

  it('finds a live token by the hash of its secret, never a revoked one, and lists tokens without secrets', async () => {
    expect(await apiTokenByHash(world.pool, HASH)).toMatchObject({ tokenId: 'tok_aaaaaaaa', guildId: G, scopes: ['audit:read', 'cases:read'], issuedBy: ADMIN });
    expect(await apiTokenByHash(world.pool, 'd'.repeat(64))).toBeNull();
    const tokens = await listApiTokens(world.pool, G);
    expect(tokens.map((t) => [t.tokenId, t.revokedAt !== null])).toEqual([['tok_bbbbbbbb', true], ['tok_aaaaaaaa', false]]);
    expect(JSON.stringify(tokens)).not.toContain(HASH);
  });

  it('drops and rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, accessProjection, { grants: 'guild_id, grant_id', api_tokens: 'guild_id, token_id' });
    expect(before.grants!.length).toBe(3);
    expect(before.api_tokens!.length).toBe(2);
    expect(after).toEqual(before);
  });
});
