import { InMemoryEventStore, NO_STREAM } from '@guildhall/eventing';
import { newId, type NewEvent } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { diffGuildSettings, diffSettingsValues, guildSettingsAsOf } from '../src/index.js';

const G = '800000000000000001';
const ANN = { kind: 'dashboard-user' as const, id: '800000000000000002', name: 'Ann' };
const T1 = '2026-05-01T10:00:00.000Z';
const T2 = '2026-05-02T10:00:00.000Z';
const T3 = '2026-05-03T10:00:00.000Z';
const event = (type: string, payload: unknown, occurredAt: string): NewEvent => ({
  id: newId(), type, schemaVersion: 1, occurredAt, guildId: G, actor: ANN, source: 'web', correlationId: newId(), causationId: null, payload,
});
const subject = { kind: 'role', id: '800000000000000009' };
const granted = (at: string) => event('AccessGranted', { grantId: 'g-1', subject, level: 'moderator', expiresAt: null, reason: null, grantedBy: ANN, grantedAt: at }, at);
const revoked = (at: string) => event('AccessRevoked', { grantId: 'g-1', subject, level: 'moderator', reason: null, revokedBy: ANN, revokedAt: at }, at);
const token = (at: string) => event('ApiTokenIssued', { tokenId: 't-1', name: 'stats bot', scopes: ['cases:read'], expiresAt: null, secretHash: 'h'.repeat(64), issuedBy: ANN, issuedAt: at }, at);
const retention = (days: number | null, at: string) => event('RetentionSet', { messageContentDays: days, setBy: ANN, setAt: at }, at);

/** Given: a grant and a token on day 1, retention 30 on day 2, the grant revoked and retention 7 on day 3. */
const history = async () => {
  const store = new InMemoryEventStore();
  const a = await store.append(`access.guild.${G}`, [granted(T1), token(T1)], NO_STREAM);
  const r = await store.append(`access.retention.${G}`, [retention(30, T2)], NO_STREAM);
  await store.append(`access.guild.${G}`, [revoked(T3)], a.version);
  await store.append(`access.retention.${G}`, [retention(7, T3)], r.version);
  return store;
};

describe('settings time travel: the guild configuration as of a moment, and the difference between two', () => {
  it('as of each moment: nothing before day 1, the grant and token after it, retention 30 on day 2, then the revoke and 7', async () => {
    const store = await history();
    expect((await guildSettingsAsOf(store, { guildId: G, at: '2026-04-30T00:00:00.000Z' })).sections).toMatchObject({ access: { grants: {}, tokens: {} }, retention: { messageContentDays: null } });
    const day2 = await guildSettingsAsOf(store, { guildId: G, at: '2026-05-02T12:00:00Z' });
    expect(day2.sections).toMatchObject({
      access: { grants: { 'g-1': { subject, level: 'moderator', expiresAt: null } }, tokens: { 't-1': { name: 'stats bot', scopes: ['cases:read'], expiresAt: null } } },
      retention: { messageContentDays: 30 },
    });
    expect(JSON.stringify(day2)).not.toContain('hhhh'); // never a token's secret hash
    expect((await guildSettingsAsOf(store, { guildId: G })).sections).toMatchObject({ access: { grants: {} }, retention: { messageContentDays: 7 } });
  });

  it('the difference between two moments names each change by section and path', async () => {
    const store = await history();
    const d = await diffGuildSettings(store, { guildId: G, from: '2026-05-01T12:00:00Z', to: '2026-05-03T12:00:00Z' });
    expect(d.changes).toEqual([
      { section: 'access', path: 'grants.g-1', kind: 'removed', before: { subject, level: 'moderator', expiresAt: null }, after: null },
      { section: 'retention', path: 'messageContentDays', kind: 'changed', before: null, after: 7 },
    ]);
    expect((await diffGuildSettings(store, { guildId: G, from: T2, to: T2 })).changes).toEqual([]);
  });

  it('every registered section is there, defaults before any change; a four-eyes change shows in its section', async () => {
    const store = await history();
    const before = await guildSettingsAsOf(store, { guildId: G, at: T1 });
    expect(Object.keys(before.sections).sort()).toEqual(['access', 'appeals', 'customCommands', 'fourEyes', 'retention', 'workflows']);
    expect(before.sections.fourEyes).toEqual({ acts: [], bulkThreshold: 10, expirySeconds: 86_400, staffChannelId: null });
    await store.append(`moderation.four-eyes.${G}`, [event('FourEyesConfigured', { acts: ['appeal-decision', 'ban'], bulkThreshold: 5, expirySeconds: 3600, staffChannelId: null, configuredBy: ANN, configuredAt: T2 }, T2)], NO_STREAM);
    const d = await diffGuildSettings(store, { guildId: G, from: T1, to: T3 });
    expect(d.changes.filter((c) => c.section === 'fourEyes')).toEqual([
      { section: 'fourEyes', path: 'acts', kind: 'changed', before: [], after: ['appeal-decision', 'ban'] },
      { section: 'fourEyes', path: 'bulkThreshold', kind: 'changed', before: 10, after: 5 },
      { section: 'fourEyes', path: 'expirySeconds', kind: 'changed', before: 86_400, after: 3600 },
    ]);
  });

  it('refuses a reversed range or a bad moment, naming the field', async () => {
    const store = await history();
    await expect(diffGuildSettings(store, { guildId: G, from: T3, to: T1 })).rejects.toMatchObject({ code: 'INVALID_QUERY', details: { issues: [{ field: 'to' }] } });
    await expect(guildSettingsAsOf(store, { guildId: G, at: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('diffs nested values key by key and other values whole (pure)', () => {
    expect(diffSettingsValues('s', { a: 1, b: { c: [1] } }, { a: 1, b: { c: [1, 2] }, d: true })).toEqual([
      { section: 's', path: 'b.c', kind: 'changed', before: [1], after: [1, 2] },
      { section: 's', path: 'd', kind: 'added', before: null, after: true },
    ]);
  });
});
