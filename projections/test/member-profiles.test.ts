import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesProjection, getMemberProfile, listMemberHistory, listMembers, memberProfilesProjection, replayMemberRecordAsOf, type HistoryEntry } from '../src/index.js';
import { ROLE_MOD, ROLE_NEW, ROLE_VIP, runCommunityScenario } from './support/community-scenario.js';
import { at, G1, G2, runModerationScenario, user, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;

beforeAll(async () => {
  world = await createTestWorld('profiles');
  await world.startRunners([memberProfilesProjection, casesProjection]);
  await runCommunityScenario(world.store);
  scenario = await runModerationScenario(world.store, 0);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

const profile = (n: number, guildId = G1, includeHiddenCases = false) => getMemberProfile(world.pool, { guildId, userId: user(n).id, includeHiddenCases });
const kinds = (h: readonly HistoryEntry[]) => h.map((e) => e.kind);

describe('member profiles read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('keeps who the member is now and their name history', async () => {
    const p = await profile(1);
    expect(p.member).toMatchObject({
      username: 'member1_renamed',
      globalName: 'Member One',
      nickname: 'Linky',
      displayName: 'Linky',
      presence: 'present',
      roles: [ROLE_NEW],
      joinCount: 1,
      leaveCount: 0,
    });
    expect(kinds(p.history.items)).toEqual(['nickname_changed', 'name_changed', 'nickname_changed', 'joined']);
    expect(p.history.items[1]!.details).toEqual({
      before: { username: 'member1', globalName: 'Member 1' },
      after: { username: 'member1_renamed', globalName: 'Member One' },
    });
    expect(p.history.items.map((h) => h.details.after ?? null).filter((x) => typeof x === 'string')).toEqual(['Linky', 'Links']);
    // The same user in another guild is another profile.
    expect((await profile(1, G2)).member).toMatchObject({ username: 'member1', presence: 'present' });
  });

  it('records role changes, leaves and rejoins', async () => {
    const two = await profile(2);
    expect(two.member!.roles).toEqual([ROLE_MOD, ROLE_VIP].sort());
    const roles = two.history.items.filter((h) => h.kind === 'roles_changed').map((h) => ({ added: h.details.added, removed: h.details.removed }));
    expect(roles).toEqual([
      { added: [], removed: [ROLE_NEW] },
      { added: [ROLE_MOD, ROLE_VIP].sort(), removed: [] },
    ]);
    const four = await profile(4);
    expect(four.member).toMatchObject({ presence: 'present', joinCount: 2, leaveCount: 1, leftAt: null });
    expect(kinds(four.history.items)).toEqual(['joined', 'left', 'joined']);
    expect(four.history.items[0]!.details.rejoined).toBe(true);
    const three = await profile(3);
    expect(three.member).toMatchObject({ presence: 'left', leftAt: at(0, 11) });
  });

  it("keeps the member's moderation record (evolveMemberRecord) and lists their cases", async () => {
    const { timedOut, warned, hiddenNote, tempBanned, lifted, unban, observed } = scenario.named;
    const two = await profile(2);
    expect(two.member!.timeout).toEqual({ status: 'active', caseNumber: timedOut.caseNumber, expiresAt: at(0, 15) });
    expect(two.cases.items.map((c) => c.caseNumber)).toEqual([timedOut.caseNumber]);
    const one = await profile(1);
    expect(one.cases.items.map((c) => c.caseNumber)).toEqual([warned.caseNumber]);
    expect((await profile(1, G1, true)).cases.items.map((c) => c.caseNumber)).toEqual([hiddenNote.caseNumber, warned.caseNumber]);
    expect(one.member!.caseCount).toBe(2);
    const three = await profile(3);
    expect(three.member).toMatchObject({ ban: null, caseCount: 1 });
    expect(three.member!.moderation.caseNumbers).toEqual([tempBanned.caseNumber]);
    const five = await profile(5);
    expect(five.member).toMatchObject({ ban: null, caseCount: 2 });
    expect(five.cases.items.map((c) => [c.caseNumber, c.type, c.status])).toEqual([
      [unban.caseNumber, 'unban', 'closed'],
      [lifted.caseNumber, 'ban', 'lifted'],
    ]);
    // Banned in Discord by a human, never seen joining: known from moderation only.
    const eight = await profile(8);
    expect(eight.member).toMatchObject({ presence: 'unknown', username: null, displayName: 'member8', ban: { status: 'active', caseNumber: observed.caseNumber } });
    for (const n of [1, 2, 3, 5, 8]) {
      const truth = await replayMemberRecordAsOf(world.store, { guildId: G1, userId: user(n).id });
      expect((await profile(n)).member!.moderation).toEqual(JSON.parse(JSON.stringify(truth.state)));
    }
  });

  it('pages history with a cursor and answers an unknown member with nothing', async () => {
    const full = (await listMemberHistory(world.pool, { guildId: G1, userId: user(1).id, limit: 200 })).items;
    const paged: HistoryEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMemberHistory(world.pool, { guildId: G1, userId: user(1).id, limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(full);
    expect(kinds((await listMemberHistory(world.pool, { guildId: G1, userId: user(1).id, kind: 'joined' })).items)).toEqual(['joined']);
    const nobody = await getMemberProfile(world.pool, { guildId: G1, userId: '399999999999999999' });
    expect(nobody).toEqual({ member: null, history: { items: [], nextCursor: null }, cases: { items: [], nextCursor: null } });
    await expect(getMemberProfile(world.pool, { guildId: G1, userId: 'bob' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('lists members matching a text (name, nickname or id prefix), paged by id', async () => {
    const byNickname = await listMembers(world.pool, { guildId: G1, q: 'LINK' });
    expect(byNickname.items.map((m) => m.userId)).toEqual([user(1).id]);
    const byId = await listMembers(world.pool, { guildId: G1, q: user(1).id.slice(0, 15) });
    expect(byId.items.length).toBeGreaterThan(1);
    expect(byId.items.every((m) => m.userId.startsWith(user(1).id.slice(0, 15)))).toBe(true);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMembers(world.pool, { guildId: G1, q: 'member', limit: 2, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((m) => m.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual((await listMembers(world.pool, { guildId: G1, q: 'member', limit: 200 })).items.map((m) => m.userId));
    expect(paged.length).toBeGreaterThan(2);
    // A LIKE wildcard is a literal, not "everyone".
    expect((await listMembers(world.pool, { guildId: G1, q: '%' })).items).toEqual([]);
    await expect(listMembers(world.pool, { guildId: G1, q: '' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, memberProfilesProjection, {
      members: 'guild_id, user_id',
      member_history: 'guild_id, user_id, position, idx, kind',
    });
    expect(before.members!.length).toBeGreaterThan(8);
    expect(after).toEqual(before);
  });
});
