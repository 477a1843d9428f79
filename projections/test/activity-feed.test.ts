import type { EventEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityFeedProjection, listActivity, type ActivityFilter, type ActivityItem } from '../src/index.js';
import { CHANNEL, runCommunityScenario } from './support/community-scenario.js';
import { at, G1, G2, runModerationScenario, user, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;
let all: readonly EventEnvelope[];

beforeAll(async () => {
  world = await createTestWorld('activity');
  await world.startRunners([activityFeedProjection]);
  await runCommunityScenario(world.store);
  scenario = await runModerationScenario(world.store, 0);
  await world.caughtUp();
  all = await world.store.readAll();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

/** The feed's kinds, restated independently of the projection: event type → kind. */
const KIND: Readonly<Record<string, string>> = {
  MemberJoined: 'member_joined',
  MemberLeft: 'member_left',
  MemberRolesChanged: 'member_roles_changed',
  MemberNicknameChanged: 'member_nickname_changed',
  MessageEdited: 'message_edited',
  MessageDeleted: 'message_deleted',
  CaseOpened: 'case_opened',
  CaseExpired: 'case_expired',
  CaseLifted: 'case_lifted',
  MessageSent: 'message_sent',
  MessageSendFailed: 'message_send_failed',
};
const expectedKind = (e: EventEnvelope): string | undefined =>
  e.type === 'DiscordActionFailed' ? ((e.payload as { purpose: string }).purpose === 'sanction' ? 'case_action_failed' : undefined) : KIND[e.type];

const everything = async (filter: ActivityFilter): Promise<ActivityItem[]> => {
  const out: ActivityItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActivity(world.pool, { ...filter, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
};

const expected = (guildId: string, pick: (e: EventEnvelope) => boolean = () => true) =>
  all
    .filter((e) => e.guildId === guildId && expectedKind(e) !== undefined && pick(e))
    .map((e) => [expectedKind(e), e.id])
    .reverse();

describe('activity feed read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists joins, leaves, role and name changes, message edits/deletes, cases and sent messages, newest first', async () => {
    const feed = await everything({ guildId: G1, limit: 6 });
    expect(feed.map((a) => [a.kind, a.eventId])).toEqual(expected(G1));
    expect(new Set(feed.map((a) => a.kind))).toEqual(
      new Set(['member_joined', 'member_left', 'member_roles_changed', 'member_nickname_changed', 'message_edited', 'message_deleted', 'case_opened', 'case_expired', 'case_lifted', 'case_action_failed', 'message_sent']),
    );
    expect((await everything({ guildId: G2 })).map((a) => [a.kind, a.eventId])).toEqual(expected(G2));
  });

  it('says what happened in one line', async () => {
    const feed = await everything({ guildId: G1, limit: 200 });
    const summaries = feed.map((a) => a.summary);
    const { tempBanned, failedKick, lifted } = scenario.named;
    expect(summaries).toContain(`Ann banned member3 (case #${tempBanned.caseNumber}): raid account`);
    expect(summaries).toContain(`Discord refused the kick of case #${failedKick.caseNumber}: Missing Permissions`);
    expect(summaries).toContain(`Bob lifted the ban of member5 (case #${lifted.caseNumber})`);
    expect(summaries).toContain(`the ban of member3 ended (case #${tempBanned.caseNumber})`);
    expect(summaries).toContain('Member 2: +2 roles');
    expect(summaries).toContain('Member 2: −1 role');
    expect(summaries).toContain('Member 4 rejoined');
    expect(summaries).toContain('Ann sent a message: Welcome to the server!');
    const deleted = feed.find((a) => a.kind === 'message_deleted')!;
    expect(deleted).toMatchObject({ channelId: CHANNEL, user: { id: user(1).id, name: 'Member 1' }, details: { content: 'join my server!!' } });
  });

  it('filters by kind, member and channel', async () => {
    const kindOf = (e: EventEnvelope) => expectedKind(e);
    expect((await everything({ guildId: G1, kind: 'case_opened', limit: 4 })).map((a) => [a.kind, a.eventId])).toEqual(
      expected(G1, (e) => e.type === 'CaseOpened'),
    );
    expect((await everything({ guildId: G1, kind: ['member_joined', 'member_left'] })).map((a) => [a.kind, a.eventId])).toEqual(
      expected(G1, (e) => kindOf(e) === 'member_joined' || kindOf(e) === 'member_left'),
    );
    const mine = await everything({ guildId: G1, userId: user(1).id });
    expect(mine.map((a) => a.kind)).toEqual([
      'case_opened',
      'case_opened',
      'message_deleted',
      'message_edited',
      'member_nickname_changed',
      'member_nickname_changed',
      'member_joined',
    ]);
    expect((await everything({ guildId: G1, channelId: CHANNEL })).map((a) => a.kind)).toEqual(['message_sent', 'message_deleted', 'message_edited']);
    expect((await everything({ guildId: G1, from: at(0), to: at(2), limit: 3 })).map((a) => [a.kind, a.eventId])).toEqual(
      expected(G1, (e) => e.occurredAt >= at(0) && e.occurredAt < at(2)),
    );
    expect((await listActivity(world.pool, { guildId: G1, from: at(30), to: at(31) })).items).toEqual([]);
    await expect(listActivity(world.pool, { guildId: G1, kind: 'party' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, activityFeedProjection, {
      activity: 'guild_id, position, idx',
      outgoing_requests: 'guild_id, request_id',
    });
    expect(before.outgoing_requests).toHaveLength(1);
    expect(before.activity!.length).toBe(expected(G1).length + expected(G2).length);
    expect(after).toEqual(before);
  });
});
