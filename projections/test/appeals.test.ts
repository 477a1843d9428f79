import { appealsHandler } from '@guildhall/appeals/handler';
import { moderationHandler } from '@guildhall/moderation/handler';
import { defaultAppealSettings, type AppealedCase, type commands } from '@guildhall/appeals';
import type { HandlerOutcome } from '@guildhall/eventing';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appealsProjection, casesProjection, getAppeal, getAppealSettings, listAppeals, listMyCases } from '../src/index.js';
import { ModerationDriver } from './support/moderation-driver.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const BOB: Actor = { kind: 'dashboard-user', id: '300000000000000001', name: 'Bob' };
const MOD: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Strict Mod' };
const MOD2: Actor = { kind: 'dashboard-user', id: '200000000000000002', name: 'Second Mod' };
const SWEEP: Actor = { kind: 'system', id: 'appeal-reminders', name: 'Appeal reminders' };
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const DAY = 86400;

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;
const send = async <T extends keyof typeof commands>(type: T, payload: z.input<(typeof commands)[T]>, o: { guildId?: string; actor: Actor; s: number }) => {
  const id = deterministicId('appeals-rm-test', ++n);
  const result = await handle({ id, type, issuedAt: at(o.s), guildId: o.guildId ?? G1, actor: o.actor, source: 'web', correlationId: id, causationId: null, payload });
  if (result.status !== 'accepted') throw new Error(`${type} ${result.status}: ${JSON.stringify(result)}`);
};
const banCase: AppealedCase = { targetId: BOB.id, moderatorId: MOD.id, action: 'ban', hidden: false };
const settings = { ...defaultAppealSettings(), questions: ['Why lift it?'], showModeratorName: true };

beforeAll(async () => {
  world = await createTestWorld('appeals');
  handle = appealsHandler(world.store, moderationHandler(world.store));
  await world.startRunners([casesProjection, appealsProjection]);
  const moderation = new ModerationDriver(world.store);
  // Bob: banned in G1 (case 1), warned in G2 (case 1) and a hidden warn in G2 (case 2).
  await moderation.send('BanMember', { target: { id: BOB.id, name: 'Bob' }, reason: 'spam' }, { guildId: G1, actor: MOD, now: at(0) });
  await moderation.send('WarnMember', { target: { id: BOB.id, name: 'Bob' }, reason: 'caps' }, { guildId: G2, actor: MOD, now: at(1) });
  await moderation.send('WarnMember', { target: { id: BOB.id, name: 'Bob' }, reason: 'mistake' }, { guildId: G2, actor: MOD, now: at(2) });
  await moderation.send('HideCase', { caseNumber: 2, reason: 'wrong member' }, { guildId: G2, actor: MOD, now: at(3) });
  await send('ChangeAppealSettings', { settings }, { actor: MOD2, s: 5 });
  await send('SubmitAppeal', { caseNumber: 1, statement: 'It was my brother.', answers: ['Because.'], appealedCase: banCase, settings }, { actor: BOB, s: 10 });
  await send('AssignAppeal', { caseNumber: 1, appealId: `${G1}-1-1` }, { actor: MOD2, s: 20 });
  await send('SubmitAppeal', { caseNumber: 1, statement: 'Sorry for the caps.', appealedCase: { ...banCase, action: 'warn' }, settings: defaultAppealSettings() }, { guildId: G2, actor: BOB, s: 30 });
  await send('DecideAppeal', { caseNumber: 1, appealId: `${G2}-1-1`, decision: 'denied', reason: 'Caps are caps.' }, { guildId: G2, actor: MOD2, s: 40 });
  await send('RecordAppealReminder', { caseNumber: 1, appealId: `${G1}-1-1` }, { actor: SWEEP, s: 4 * DAY });
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('appeals read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists the review queue with id and caseNumber, filtered by open and status; gets one appeal', async () => {
    const open = await listAppeals(world.pool, { guildId: G1, open: true });
    expect(open).toMatchObject([{ id: `${G1}-1-1`, caseNumber: 1, status: 'under-review', reviewer: { id: MOD2.id, name: 'Second Mod' }, answers: [{ question: 'Why lift it?', answer: 'Because.' }], remindedAt: at(4 * DAY) }]);
    expect(await listAppeals(world.pool, { guildId: G2, status: 'denied' })).toMatchObject([{ id: `${G2}-1-1`, decision: { decision: 'denied', reason: 'Caps are caps.', by: MOD2 } }]);
    expect(await listAppeals(world.pool, { guildId: G2, open: true })).toEqual([]);
    expect(await getAppeal(world.pool, { guildId: G1, appealId: `${G1}-1-1` })).toMatchObject({ statement: 'It was my brother.', appellantId: BOB.id });
    expect(await getAppeal(world.pool, { guildId: G2, appealId: `${G1}-1-1` })).toBeNull();
    await expect(getAppeal(world.pool, { guildId: G1, appealId: 'x' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('settings: saved ones, else the defaults', async () => {
    expect(await getAppealSettings(world.pool, { guildId: G1 })).toEqual(settings);
    expect(await getAppealSettings(world.pool, { guildId: G2 })).toEqual(defaultAppealSettings());
  });

  it("a member's own cases across guilds, as each guild lets them see them", async () => {
    const mine = await listMyCases(world.pool, { userId: BOB.id });
    expect(mine.map((c) => [c.guildId, c.caseNumber, c.type])).toEqual([
      [G2, 1, 'warn'],
      [G1, 1, 'ban'],
    ]);
    // G1 shows moderators' names; G2 (defaults) does not, and hides its hidden case 2.
    expect(mine[1]).toMatchObject({ moderatorName: 'Strict Mod', reason: 'spam', appeal: { id: `${G1}-1-1`, status: 'under-review' }, canAppeal: false, questions: ['Why lift it?'] });
    expect(mine[0]).toMatchObject({ moderatorName: null, appeal: { status: 'denied', decisionReason: 'Caps are caps.' }, canAppeal: true });
    expect(await listMyCases(world.pool, { userId: MOD.id })).toEqual([]);
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, appealsProjection, { appeals: 'appeal_id', appeal_settings: 'guild_id' });
    expect(before['appeals']).toHaveLength(2);
    expect(after).toEqual(before);
  });
});
