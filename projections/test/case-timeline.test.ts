import { caseAsOf, caseStreamId } from '@guildhall/moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStateAt, caseTimelineProjection, getCaseTimeline, replayCaseAsOf, replayMemberRecordAsOf } from '../src/index.js';
import { EXECUTOR, SCHEDULER } from './support/moderation-driver.js';
import { ANN, at, G1, runModerationScenario, user, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;

beforeAll(async () => {
  world = await createTestWorld('timeline');
  await world.startRunners([caseTimelineProjection]);
  scenario = await runModerationScenario(world.store, 0);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

/** JSON round trip: what a jsonb column gives back for a domain state. */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('case timeline read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists every event of a case with actor, source and time, and the evolveCase state after each', async () => {
    for (const c of scenario.cases) {
      const { events } = await world.store.readStream(caseStreamId(c.guildId, c.caseNumber));
      const timeline = await getCaseTimeline(world.pool, { guildId: c.guildId, caseNumber: c.caseNumber });
      expect(timeline.map((t) => [t.seq, t.eventId, t.type, t.version, t.position, t.occurredAt, t.actor, t.source, t.correlationId])).toEqual(
        events.map((e, i) => [i + 1, e.id, e.type, e.version, e.position, e.occurredAt, e.actor, e.source, e.correlationId]),
      );
      // The state after event i is the domain's replay of the stream's first i events.
      timeline.forEach((t, i) => expect(t.state, `case ${c.caseNumber} after event ${i + 1}`).toEqual(json(caseAsOf(events.slice(0, i + 1), Number.MAX_SAFE_INTEGER))));
    }
  });

  it('shows who did what: the moderator, the executor, the scheduler', async () => {
    const t = await getCaseTimeline(world.pool, { guildId: G1, caseNumber: scenario.named.tempBanned.caseNumber });
    expect(t.map((e) => [e.type, e.actor.id, e.source])).toEqual([
      ['CaseOpened', ANN.id, 'web'],
      ['DiscordActionRequested', ANN.id, 'web'],
      ['DiscordActionSucceeded', EXECUTOR.id, 'discord'],
      ['ExpiryScheduled', EXECUTOR.id, 'discord'],
      ['CaseExpired', SCHEDULER.id, 'scheduler'],
      ['DiscordActionRequested', SCHEDULER.id, 'scheduler'],
      ['DiscordActionSucceeded', EXECUTOR.id, 'discord'],
    ]);
    expect(t.at(-1)!.state).toMatchObject({ status: 'opened', ended: { how: 'expired', at: at(1, 11) }, expiry: { status: 'expired' } });
    expect(t[3]!.state).toMatchObject({ outcome: 'done', expiry: { dueAt: at(1, 10), status: 'scheduled' }, ended: null });
  });

  it('answers "as of" a version, an event count or a moment like the domain replay of the event store', async () => {
    const { tempBanned, lifted } = scenario.named;
    for (const c of [tempBanned, lifted]) {
      const timeline = await getCaseTimeline(world.pool, { guildId: G1, caseNumber: c.caseNumber });
      for (const entry of timeline) {
        const truth = await replayCaseAsOf(world.store, { guildId: G1, caseNumber: c.caseNumber, at: entry.version });
        expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: c.caseNumber, at: { version: entry.version } })).toEqual(json(truth.state));
        expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: c.caseNumber, at: { seq: entry.seq } })).toEqual(entry.state);
      }
      for (const moment of [at(-1), at(0, 10), at(1), at(1, 10), at(1, 11), at(2), at(5)]) {
        const truth = await replayCaseAsOf(world.store, { guildId: G1, caseNumber: c.caseNumber, at: moment });
        expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: c.caseNumber, at: { moment } }), `${c.caseNumber} at ${moment}`).toEqual(json(truth.state));
      }
    }
    expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: tempBanned.caseNumber, at: { moment: at(-1) } })).toEqual({ status: 'none' });
    expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: tempBanned.caseNumber, at: { moment: at(1) } })).toMatchObject({ ended: null });
    expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: tempBanned.caseNumber, at: { moment: new Date(Date.parse(at(1, 11))) } })).toMatchObject({
      ended: { how: 'expired' },
    });
    expect(await caseStateAt(world.pool, { guildId: G1, caseNumber: lifted.caseNumber, at: { moment: at(2) } })).toMatchObject({ ended: { how: 'lifted', byCaseNumber: scenario.named.unban.caseNumber } });
  });

  it("replays a member's moderation record from the event store as of a moment", async () => {
    const userId = user(3).id;
    const before = await replayMemberRecordAsOf(world.store, { guildId: G1, userId, at: at(0, 9) });
    expect(before.state.ban).toBeNull();
    const banned = await replayMemberRecordAsOf(world.store, { guildId: G1, userId, at: at(1, 10) });
    expect(banned.state.ban).toMatchObject({ status: 'active', caseNumber: scenario.named.tempBanned.caseNumber, expiresAt: at(1, 10) });
    const now = await replayMemberRecordAsOf(world.store, { guildId: G1, userId });
    expect(now.state.ban).toBeNull();
    expect(now.state.caseNumbers).toEqual([scenario.named.tempBanned.caseNumber]);
    await expect(replayMemberRecordAsOf(world.store, { guildId: G1, userId, at: 'yesterday' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after, events } = await rebuildAndSnapshot(world, caseTimelineProjection, { case_events: 'guild_id, case_number, seq' });
    expect(events).toBe(before.case_events!.length);
    expect(after).toEqual(before);
  });
});
