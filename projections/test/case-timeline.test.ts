import { appealsHandler } from '@guildhall/appeals/handler';
import {
  appealCommands as appealCommandTypes,
  caseAppealsStreamId,
  defaultAppealSettings,
  evolveCaseAppeals,
  initialCaseAppeals,
  parseAppealEvent,
  reactToAppealEvent,
  type AppealedCase,
} from '@guildhall/appeals';
import { ERASED, memberKeysBucket, withPersonalData, type HandlerOutcome, type PersonalDataStore } from '@guildhall/eventing';
import { deterministicId, WITHHELD, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { approvalIdOfStream, caseAsOf, caseStreamId, reactToModerationEventElsewhere } from '@guildhall/moderation';
import { moderationHandler } from '@guildhall/moderation/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { allPersonalData, appealsProjection, caseStateAt, caseTimelineProjection, getAppeal, getCaseTimeline, replayCaseAsOf, replayMemberRecordAsOf, type TimelineEntry } from '../src/index.js';
import { EXECUTOR, ModerationDriver, SCHEDULER } from './support/moderation-driver.js';
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

describe('appeals in the case timeline (real NATS + PostgreSQL, statements sealed by the shredding store)', { timeout: 90_000 }, () => {
  const BOB: Actor = { kind: 'dashboard-user', id: '300000000000000001', name: 'Bob' };
  const MOD: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Strict Mod' };
  const MOD2: Actor = { kind: 'dashboard-user', id: '200000000000000002', name: 'Second Mod' };
  /** The four-eyes approver of case 1's decision: their name is sealed under their own key. */
  const APPROVER: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Third Approver' };
  const SWEEP: Actor = { kind: 'system', id: 'appeal-reminders', name: 'Appeal reminders' };
  const T0 = Date.parse('2026-03-01T12:00:00.000Z');
  const t = (s: number) => new Date(T0 + s * 1000).toISOString();
  const DAY = 86_400;
  const settings = { ...defaultAppealSettings(), questions: ['Why lift it?'] };
  const banCase: AppealedCase = { targetId: BOB.id, moderatorId: MOD.id, action: 'ban', hidden: false };
  const appeal1 = `${G1}-1-1`;
  let w: TestWorld;
  let pd: PersonalDataStore;
  let appeals: (e: CommandEnvelope) => Promise<HandlerOutcome>;
  let moderationCommands: (e: CommandEnvelope) => Promise<HandlerOutcome>;
  let approvalId: string;
  let n = 0;
  const envelope = (type: string, payload: unknown, actor: Actor, s: number): CommandEnvelope => {
    const id = deterministicId('timeline-appeals-test', ++n);
    return { id, type, issuedAt: t(s), guildId: G1, actor, source: 'web', correlationId: id, causationId: null, payload };
  };
  const accepted = (type: string, result: HandlerOutcome): Extract<HandlerOutcome, { status: 'accepted' }> => {
    if (result.status !== 'accepted') throw new Error(`${type} ${result.status}: ${JSON.stringify(result)}`);
    return result;
  };
  const send = async <T extends keyof typeof appealCommandTypes>(type: T, payload: z.input<(typeof appealCommandTypes)[T]>, actor: Actor, s: number) =>
    accepted(type, await appeals(envelope(type, payload, actor, s)));
  /** Moderation's own commands the four-eyes gate needs (the rules, the approval), through moderation's handler. */
  const moderate = async (type: string, payload: unknown, actor: Actor, s: number) => accepted(type, await moderationCommands(envelope(type, payload, actor, s)));

  beforeAll(async () => {
    w = await createTestWorld('tlappeals');
    pd = await withPersonalData(w.store, { nc: w.nc, eventsStream: w.streamName, policy: allPersonalData });
    moderationCommands = moderationHandler(pd.store);
    appeals = appealsHandler(pd.store, moderationCommands);
    await w.startRunners([caseTimelineProjection, appealsProjection], pd.open);
    const moderation = new ModerationDriver(pd.store);
    // Case 1: Bob banned; he appeals, a second moderator takes it, is reminded, approves (a third approving under four-eyes): the lift is case 2.
    await moderation.send('BanMember', { target: { id: BOB.id, name: 'Bob' }, reason: 'spam' }, { guildId: G1, actor: MOD, now: t(0) });
    await send('SubmitAppeal', { caseNumber: 1, statement: 'It was my brother.', answers: ['Because.'], appealedCase: banCase, settings }, BOB, 10);
    await moderation.send('AddCaseNote', { caseNumber: 1, text: 'check the story' }, { guildId: G1, actor: MOD, now: t(15) });
    await send('AssignAppeal', { caseNumber: 1, appealId: appeal1 }, MOD2, 20);
    // Past the review limit (3 days by default): the sweep records the reminder.
    await send('RecordAppealReminder', { caseNumber: 1, appealId: appeal1 }, SWEEP, 4 * DAY);
    // Under four-eyes: the decision waits; the approver approves; the process manager's command runs it, naming the approver.
    await moderate('ConfigureFourEyes', { acts: ['appeal-decision'] }, MOD, 4 * DAY);
    const held = await send('DecideAppeal', { caseNumber: 1, appealId: appeal1, decision: 'approved', reason: 'Believable.' }, MOD2, 4 * DAY + 5);
    approvalId = approvalIdOfStream(G1, held.streamId)!;
    const approved = await moderate('ApproveRequest', { approvalId }, APPROVER, 4 * DAY + 10);
    const grant = (await pd.store.readStream(approved.streamId)).events.find((e) => e.type === 'ApprovalGranted')!;
    const [run] = reactToModerationEventElsewhere(grant, t(4 * DAY + 10));
    accepted('DecideAppeal (approved)', await appeals(run!.command));
    await moderate('ConfigureFourEyes', { acts: [] }, MOD, 4 * DAY + 10);
    // The lift-on-approval workflow's own command, run through moderation like the appeals service does.
    const decided = (await pd.store.readStream(caseAppealsStreamId(G1, 1))).events.find((e) => e.type === 'AppealDecided')!;
    const [lift] = reactToAppealEvent(decided, t(4 * DAY + 11));
    await moderation.send(lift!.command.type as 'UnbanMember', lift!.command.payload as never, {
      guildId: G1, actor: lift!.command.actor, now: t(4 * DAY + 11), commandId: lift!.command.id, correlationId: lift!.command.correlationId,
    });
    // Case 3: Bob warned; an appeal withdrawn, then one denied.
    await moderation.send('WarnMember', { target: { id: BOB.id, name: 'Bob' }, reason: 'caps' }, { guildId: G1, actor: MOD, now: t(5 * DAY) });
    await send('SubmitAppeal', { caseNumber: 3, statement: 'Sorry.', appealedCase: { ...banCase, action: 'warn' }, settings: defaultAppealSettings() }, BOB, 5 * DAY + 10);
    await send('WithdrawAppeal', { caseNumber: 3, appealId: `${G1}-3-1` }, BOB, 5 * DAY + 20);
    await send('SubmitAppeal', { caseNumber: 3, statement: 'Sorry, really.', appealedCase: { ...banCase, action: 'warn' }, settings: defaultAppealSettings() }, BOB, 5 * DAY + 30);
    await send('DecideAppeal', { caseNumber: 3, appealId: `${G1}-3-2`, decision: 'denied', reason: 'Caps are caps.' }, MOD2, 5 * DAY + 40);
    // Case 4: a four-eyes decision stored before the approver's name was sealed (straight into the store under the shredding one).
    await send('SubmitAppeal', { caseNumber: 4, statement: 'Again?', appealedCase: { ...banCase, action: 'warn' }, settings: defaultAppealSettings() }, BOB, 6 * DAY);
    const oldStream = caseAppealsStreamId(G1, 4);
    await pd.store.inner.append(oldStream, [{
      id: deterministicId('timeline-appeals-test', 'old-decided'), type: 'AppealDecided', schemaVersion: 1, occurredAt: t(6 * DAY + 10), guildId: G1, actor: MOD2, source: 'web',
      correlationId: 'old-decided', causationId: null,
      payload: { appealId: `${G1}-4-1`, guildId: G1, caseNumber: 4, appellantId: BOB.id, decision: 'denied', reason: 'Old rules.', decidedBy: MOD2, decidedAt: t(6 * DAY + 10), approval: { approvalId: 'old-approval', approvedBy: APPROVER }, lifts: null },
    }], (await pd.store.readStream(oldStream)).version);
    await w.caughtUp();
  }, 120_000);

  afterAll(async () => {
    await w?.nc.request(`$JS.API.STREAM.DELETE.KV_${memberKeysBucket(w.streamName)}`).catch(() => undefined);
    await w?.dispose();
  }, 30_000);

  const steps = (entries: readonly TimelineEntry[]) => entries.map((e) => [e.stream, e.type]);

  it('merges the appeal steps into the case timeline in store order, each with the case as it then was', async () => {
    const timeline = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 1, statements: true });
    expect(steps(timeline)).toEqual([
      ['case', 'CaseOpened'],
      ['case', 'DiscordActionRequested'],
      ['case', 'DiscordActionSucceeded'],
      ['appeal', 'AppealSubmitted'],
      ['case', 'CaseNoteAdded'],
      ['appeal', 'AppealAssigned'],
      ['appeal', 'AppealReminderDue'],
      ['appeal', 'AppealDecided'],
      ['case', 'CaseLifted'],
    ]);
    const positions = timeline.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(timeline.map((e) => e.occurredAt)).toEqual([...timeline.map((e) => e.occurredAt)].sort());
    // An appeal step changes nothing in the case: it carries the state after the case step before it.
    timeline.forEach((e, i) => {
      if (e.stream === 'appeal') expect(e.state, `step ${i + 1}`).toEqual(timeline[i - 1]!.state);
    });
    const [submitted, assigned, , decided] = timeline.filter((e) => e.stream === 'appeal');
    expect(submitted).toMatchObject({ appealId: appeal1, actor: BOB, appeal: { status: 'submitted', statement: 'It was my brother.', answers: [{ question: 'Why lift it?', answer: 'Because.' }] } });
    expect(submitted!.payload).toMatchObject({ statement: 'It was my brother.' });
    expect(assigned).toMatchObject({ appeal: { status: 'under-review', reviewer: { id: MOD2.id, name: 'Second Mod' } } });
    expect(decided).toMatchObject({ actor: MOD2, appeal: { status: 'approved', decision: { decision: 'approved', reason: 'Believable.', approvedBy: APPROVER } }, payload: { lifts: 'ban', approval: { approvedBy: APPROVER } } });
    // The lift the approval caused names its appeal; so does the unban case it opened.
    expect(timeline.at(-1)).toMatchObject({ type: 'CaseLifted', liftedByAppeal: { appealId: appeal1, caseNumber: 1 }, state: { ended: { how: 'lifted', byCaseNumber: 2 } } });
    expect(timeline.filter((e) => e.stream === 'case' && e.type !== 'CaseLifted').every((e) => e.stream === 'case' && e.liftedByAppeal === null)).toBe(true);
    const unban = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 2 });
    expect(unban.find((e) => e.type === 'CaseOpened')).toMatchObject({ liftedByAppeal: { appealId: appeal1, caseNumber: 1 } });
  });

  it('the unban case an approved appeal opened lists that appeal’s steps before its own, in store order, the same steps as on the case it lifted', async () => {
    const unban = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 2, statements: true });
    expect(steps(unban)).toEqual([
      ['appeal', 'AppealSubmitted'],
      ['appeal', 'AppealAssigned'],
      ['appeal', 'AppealReminderDue'],
      ['appeal', 'AppealDecided'],
      ['case', 'CaseOpened'],
      ['case', 'DiscordActionRequested'],
      ['case', 'DiscordActionSucceeded'],
    ]);
    const positions = unban.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const original = (await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 1, statements: true })).filter((e) => e.stream === 'appeal');
    const borrowed = unban.filter((e) => e.stream === 'appeal');
    // The appeal's rows as they are on case 1 (its seq in case 1's appeals, the appeal after each step), but with this case as it then was: none yet.
    expect(borrowed.map(({ state, ...rest }) => rest)).toEqual(original.map(({ state, ...rest }) => rest));
    expect(borrowed.every((e) => e.stream === 'appeal' && e.appealCaseNumber === 1 && e.appealId === appeal1 && e.state.status === 'none')).toBe(true);
    expect(original.every((e) => e.stream === 'appeal' && e.appealCaseNumber === 1)).toBe(true);
    expect(borrowed[0]!.payload).toMatchObject({ statement: 'It was my brother.' });
    // Withheld for who may not read statements, as on case 1.
    const withheld = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 2 });
    expect(withheld.find((e) => e.type === 'AppealSubmitted')!.payload).toMatchObject({ statement: WITHHELD, answers: [{ question: 'Why lift it?', answer: WITHHELD }] });
    expect(JSON.stringify(withheld)).not.toContain('brother.');
    // A case no appeal opened lists only its own appeals (case 3: its two; case 1's are not borrowed by a case that merely follows).
    const warn = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 3 });
    expect(warn.filter((e) => e.stream === 'appeal').every((e) => e.stream === 'appeal' && e.appealCaseNumber === 3)).toBe(true);
  });

  it('shows the denial with its reason and the withdrawal, one appeal after the other', async () => {
    const timeline = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 3, statements: true });
    expect(timeline.filter((e) => e.stream === 'appeal').map((e) => e.stream === 'appeal' && [e.appealId, e.type, e.appeal.status])).toEqual([
      [`${G1}-3-1`, 'AppealSubmitted', 'submitted'],
      [`${G1}-3-1`, 'AppealWithdrawn', 'withdrawn'],
      [`${G1}-3-2`, 'AppealSubmitted', 'submitted'],
      [`${G1}-3-2`, 'AppealDecided', 'denied'],
    ]);
    expect(timeline.at(-1)).toMatchObject({ actor: MOD2, appeal: { decision: { decision: 'denied', reason: 'Caps are caps.' } }, payload: { lifts: null } });
  });

  it('each step is what the domain replays from the event store: the case as of its position, the appeal folded with evolveCaseAppeals', async () => {
    const timeline = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 1, statements: true });
    const { events: caseStream } = await pd.store.readStream(caseStreamId(G1, 1));
    const { events: appealStream } = await pd.store.readStream(caseAppealsStreamId(G1, 1));
    let folded = initialCaseAppeals();
    for (const entry of timeline) {
      // A case step: its stream's first `seq` events; an appeal step: the case's events before it in the store.
      const prefix = entry.stream === 'case' ? caseStream.slice(0, entry.seq) : caseStream.filter((e) => e.position < entry.position);
      const truth = caseAsOf(prefix, Number.MAX_SAFE_INTEGER);
      expect(entry.state, `${entry.type} at ${entry.position}`).toEqual(json(truth));
      if (entry.stream !== 'appeal') continue;
      const stored = parseAppealEvent(appealStream.find((e) => e.id === entry.eventId)!)!;
      folded = evolveCaseAppeals(folded, stored);
      expect(entry.appeal).toEqual(json(folded.appeals.find((a) => a.appealId === entry.appealId)));
      expect(entry.payload).toEqual(json(stored.data));
    }
    expect(folded.appeals.map((a) => a.status)).toEqual(['approved']);
  });

  it("withholds the appellant's statement and answers unless the caller may see them", async () => {
    const timeline = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 1 });
    const submitted = timeline.find((e) => e.type === 'AppealSubmitted')!;
    expect(submitted.payload).toMatchObject({ statement: WITHHELD, answers: [{ question: 'Why lift it?', answer: WITHHELD }] });
    for (const e of timeline) if (e.stream === 'appeal') expect(e.appeal).toMatchObject({ statement: WITHHELD, answers: [{ question: 'Why lift it?', answer: WITHHELD }] });
    expect(JSON.stringify(timeline)).not.toContain('brother.');
    // The decision's reason is the member's to read, and stays.
    expect(timeline.find((e) => e.type === 'AppealDecided')!.payload).toMatchObject({ reason: 'Believable.' });
  });

  it('rebuilds both tables into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(w, caseTimelineProjection, { case_events: 'guild_id, case_number, seq', case_appeal_events: 'guild_id, case_number, seq' }, pd.open);
    expect(before.case_appeal_events).toHaveLength(10);
    expect(after).toEqual(before);
  });

  it('after the appellant is forgotten, a rebuild reads the statement and answers as erased; the appeal and its decision stay', async () => {
    await pd.keys.destroy(`${G1}/${BOB.id}`);
    await w.rebuild(caseTimelineProjection, pd.open);
    const timeline = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 1, statements: true });
    const submitted = timeline.find((e) => e.type === 'AppealSubmitted')!;
    expect(submitted.payload).toMatchObject({ statement: ERASED });
    expect(submitted).toMatchObject({ appeal: { statement: ERASED, answers: [] } });
    expect(JSON.stringify(timeline)).not.toContain('brother');
    expect(timeline.find((e) => e.type === 'AppealDecided')).toMatchObject({ appeal: { status: 'approved', decision: { reason: 'Believable.' } } });
    expect(steps(timeline)).toHaveLength(9);
    // The same on the unban case, which lists the appeal's steps too.
    const unban = await getCaseTimeline(w.pool, { guildId: G1, caseNumber: 2, statements: true });
    expect(unban.find((e) => e.type === 'AppealSubmitted')).toMatchObject({ payload: { statement: ERASED }, appeal: { statement: ERASED, answers: [] } });
    expect(JSON.stringify(unban)).not.toContain('brother');
  });

  it("after the four-eyes approver is forgotten, a rebuild reads their name as erased in both timelines and the appeal; their id and the decision stay; a name stored before the seal reads as stored", async () => {
    const decidedOf = async (caseNumber: number) => (await getCaseTimeline(w.pool, { guildId: G1, caseNumber, statements: true })).find((e) => e.type === 'AppealDecided')!;
    expect(await decidedOf(1)).toMatchObject({ payload: { approval: { approvedBy: { name: APPROVER.name } } } });
    await pd.keys.destroy(`${G1}/${APPROVER.id}`);
    await w.rebuild(caseTimelineProjection, pd.open);
    await w.rebuild(appealsProjection, pd.open);
    const erased = { ...APPROVER, name: ERASED };
    for (const caseNumber of [1, 2]) {
      const decided = await decidedOf(caseNumber);
      expect(decided, `case ${caseNumber}`).toMatchObject({
        payload: { decision: 'approved', reason: 'Believable.', approval: { approvalId, approvedBy: erased } },
        appeal: { status: 'approved', decision: { by: MOD2, reason: 'Believable.', approvedBy: erased } },
      });
      expect(JSON.stringify(await getCaseTimeline(w.pool, { guildId: G1, caseNumber, statements: true })), `case ${caseNumber}`).not.toContain(APPROVER.name);
    }
    expect(await getAppeal(w.pool, { guildId: G1, appealId: appeal1 })).toMatchObject({ status: 'approved', decision: { by: MOD2, approvedBy: erased } });
    // Case 4's decision was stored with the name in the clear (before the policy sealed it): it still reads, as it was written.
    expect(await decidedOf(4)).toMatchObject({ payload: { approval: { approvedBy: APPROVER } }, appeal: { status: 'denied', decision: { approvedBy: APPROVER } } });
  });
});
