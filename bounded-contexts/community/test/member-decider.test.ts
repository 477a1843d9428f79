import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { type MemberEvent, memberDecider } from '../src/index.js';
import { NOW, alice, memberFact } from './fixtures.js';

const spec = DeciderSpecification.for(memberDecider);
const R1 = '600000000000000001';
const R2 = '600000000000000002';
const R3 = '600000000000000003';
const joined = (over: Partial<Extract<MemberEvent, { type: 'MemberJoined' }>['data']> = {}): MemberEvent => ({
  type: 'MemberJoined',
  data: { user: alice, joinedAt: '2026-02-01T00:00:00.000Z', roles: [R1], nickname: null, rejoined: false, ...over },
});
const left: MemberEvent = { type: 'MemberLeft', data: { user: alice, leftAt: NOW, joinedAt: '2026-02-01T00:00:00.000Z', roles: [R1] } };

describe('RecordMemberJoined', () => {
  const fact = memberFact('RecordMemberJoined', { user: alice, joinedAt: '2026-02-01T00:00:00.000Z', roles: [R1, R1] });
  it('records a join with the Discord data (roles as a sorted set)', () => {
    spec.given([]).when(fact).then([joined()]);
  });
  it('the same join twice records nothing', () => {
    spec.given([joined()]).when(fact).then([]);
  });
  it('a join after a leave is a rejoin', () => {
    spec
      .given([joined(), left])
      .when(memberFact('RecordMemberJoined', { user: alice, joinedAt: '2026-03-02T00:00:00.000Z' }))
      .then([joined({ joinedAt: '2026-03-02T00:00:00.000Z', roles: [], rejoined: true })]);
  });
  it('refuses a bad user id', () => {
    expect(() => memberFact('RecordMemberJoined', { user: { ...alice, id: 'x' }, joinedAt: NOW })).toThrow(/payload\.user\.id/);
  });
});

describe('RecordMemberUpdated', () => {
  it('records the roles added and removed', () => {
    spec.given([joined()]).when(memberFact('RecordMemberUpdated', { user: alice, roles: [R3, R2] })).then([
      { type: 'MemberRolesChanged', data: { user: alice, before: [R1], after: [R2, R3], added: [R2, R3], removed: [R1], changedAt: NOW } },
    ]);
  });
  it('records a nickname change with before and after', () => {
    spec.given([joined()]).when(memberFact('RecordMemberUpdated', { user: alice, roles: [R1], nickname: 'Al' })).then([
      { type: 'MemberNicknameChanged', data: { user: alice, before: null, after: 'Al', changedAt: NOW } },
    ]);
  });
  it('an update that changes nothing records nothing (roles in another order included)', () => {
    spec.given([joined({ roles: [R1, R2] })]).when(memberFact('RecordMemberUpdated', { user: alice, roles: [R2, R1] })).then([]);
  });
  it('for a member never seen, roles are recorded with an unknown before; no nickname is not news', () => {
    spec.given([]).when(memberFact('RecordMemberUpdated', { user: alice, roles: [R1] })).then([
      { type: 'MemberRolesChanged', data: { user: alice, before: null, after: [R1], added: [R1], removed: [], changedAt: NOW } },
    ]);
  });
});

describe('RecordMemberLeft', () => {
  it('records the leave with what we knew of the stay', () => {
    spec.given([joined()]).when(memberFact('RecordMemberLeft', { user: alice })).then([left]);
  });
  it('a member never seen leaving is still recorded; leaving twice is not', () => {
    spec.given([]).when(memberFact('RecordMemberLeft', { user: alice })).then([
      { type: 'MemberLeft', data: { user: alice, leftAt: NOW, joinedAt: null, roles: null } },
    ]);
    spec.given([joined(), left]).when(memberFact('RecordMemberLeft', { user: alice })).then([]);
  });
});
