import { describe, expect, it } from 'vitest';
import { keysToDestroy } from '../src/erasure/forgotten-member.js';

const forgotten = (requestedBy: 'member' | 'admin') => ({
  type: 'MemberForgotten',
  guildId: '100',
  payload: { memberId: '300', requestedBy, forgottenBy: { kind: 'dashboard-user', id: requestedBy === 'member' ? '300' : '1' }, forgottenAt: '2026-12-03T12:00:00.000Z' },
});

describe('the keys a MemberForgotten destroys', () => {
  it('a member\'s own "forget me" also destroys their member-scope keys (their email address, outside any guild)', () => {
    expect(keysToDestroy(forgotten('member'))).toEqual(['100/300', '0/300']);
  });

  it("a guild admin's forget reaches only that guild's keys", () => {
    expect(keysToDestroy(forgotten('admin'))).toEqual(['100/300']);
  });

  it('any other event destroys nothing', () => {
    expect(keysToDestroy({ type: 'CaseOpened', guildId: '100', payload: {} })).toEqual([]);
  });
});
