import { commandFromEnvelope, DeciderSpecification, type Actor } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { erasureCommands, erasureDecider, erasureStreamId, type ErasureCommand } from '../src/index.js';

const NOW = '2026-03-01T12:00:00.000Z';
const ADMIN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const MEMBER: Actor = { kind: 'dashboard-user', id: '300000000000000003', name: 'Mo' };
const forget = (actor: Actor, payload: unknown, id = 'f-1'): ErasureCommand =>
  commandFromEnvelope(erasureCommands, { id, type: 'ForgetMember', issuedAt: NOW, guildId: '1', actor, source: 'web', correlationId: 'c', causationId: null, payload });
const spec = DeciderSpecification.for(erasureDecider);
const forgotten = (requestedBy: 'member' | 'admin', by: Actor) => ({
  type: 'MemberForgotten' as const,
  data: { memberId: MEMBER.id, requestedBy, forgottenBy: { kind: by.kind, id: by.id }, forgottenAt: NOW },
});

describe('ForgetMember', () => {
  it('records that an admin forgot a member on their request: ids only, no name', () => {
    spec.given([]).when(forget(ADMIN, { memberId: MEMBER.id, requestedBy: 'admin' })).then([forgotten('admin', ADMIN)]);
  });
  it('records a member forgetting themself', () => {
    spec.given([]).when(forget(MEMBER, { memberId: MEMBER.id, requestedBy: 'member' })).then([forgotten('member', MEMBER)]);
  });
  it('records a later request again (data stored after the first has a new key)', () => {
    spec.given([forgotten('member', MEMBER)]).when(forget(ADMIN, { memberId: MEMBER.id, requestedBy: 'admin' }, 'f-2')).then([forgotten('admin', ADMIN)]);
  });
  it('refuses a member asking to forget someone else, naming the field', () => {
    spec.given([]).when(forget(ADMIN, { memberId: MEMBER.id, requestedBy: 'member' })).thenRejects('NOT_YOUR_RECORD');
  });
  it('refuses a member id that is not a snowflake', () => {
    expect(() => forget(ADMIN, { memberId: 'x', requestedBy: 'admin' })).toThrow(/memberId/);
    expect(erasureStreamId('1', MEMBER.id)).toBe(`access.erasure.1-${MEMBER.id}`);
  });
});
