import { newId, type NewEvent } from '@guildhall/kernel';
import { listDeadLetters } from '@guildhall/eventing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, getCaseTimeline, listActivity, listAuditLog, listCases } from '../src/index.js';
import { ANN, at, G1, runModerationScenario, user, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;

const event = (type: string, payload: unknown): NewEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  occurredAt: at(9),
  guildId: G1,
  actor: ANN,
  source: 'api',
  correlationId: 'bad-events',
  causationId: null,
  payload,
});

beforeAll(async () => {
  world = await createTestWorld('bad');
  await world.startRunners(allProjections);
  scenario = await runModerationScenario(world.store, 0);
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('events the read models cannot use (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('dead-letters a malformed event, keeps the rest of the stream flowing, and still audits it', async () => {
    // Written by something that skipped the domain: a CaseOpened without its request, and a member join without a user.
    const bad = await world.store.append(`moderation.case.${G1}-4242`, [event('CaseOpened', { caseNumber: 4242, reason: 42 })], 'any');
    const badJoin = await world.store.append(`community.member.${G1}-${user(1).id}`, [event('MemberJoined', { joinedAt: 'yesterday' })], 'any');
    // Another context's event the read models do not know: skipped by all but the audit log.
    await world.store.append('music.queue.q1', [event('TrackQueued', { title: 'song' })], 'any');
    // And the domain carries on afterwards.
    const after = await scenario.driver.send('WarnMember', { target: user(2), reason: 'after the bad events' }, { guildId: G1, actor: ANN, now: at(9, 1) });
    expect(after.result.status).toBe('accepted');
    await world.caughtUp();

    const cases = await listCases(world.pool, { guildId: G1, limit: 1 });
    expect(cases.items[0]!.reason).toBe('after the bad events');
    expect(await getCaseTimeline(world.pool, { guildId: G1, caseNumber: 4242 })).toEqual([]);
    for (const name of ['cases', 'case_timeline', 'activity_feed']) {
      const letters = await listDeadLetters(world.pool, name);
      expect(letters.map((l) => l.position), name).toContain(bad.position);
      expect(letters.find((l) => l.position === bad.position)!.reason).toMatch(/CaseOpened/);
    }
    for (const name of ['member_profiles', 'activity_feed', 'guild_overview']) {
      expect((await listDeadLetters(world.pool, name)).map((l) => l.position), name).toContain(badJoin.position);
    }
    expect(await listDeadLetters(world.pool, 'audit_log')).toEqual([]);
    const audit = await listAuditLog(world.pool, { guildId: G1, correlationId: 'bad-events', order: 'asc' });
    expect(audit.items.map((e) => e.type)).toEqual(['CaseOpened', 'MemberJoined', 'TrackQueued']);
    expect((await listActivity(world.pool, { guildId: G1, limit: 1 })).items[0]!.summary).toContain('after the bad events');
  });
});
