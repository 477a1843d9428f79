import type { Actor } from '@guildhall/kernel';
import type { EventStore } from '@guildhall/eventing';
import { EXECUTOR, ModerationDriver, openedCaseNumber, SCHEDULER, type Sent } from './moderation-driver.js';

export const G1 = '100000000000000001';
export const G2 = '100000000000000002';
export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
export const BOB: Actor = { kind: 'discord-user', id: '200000000000000002', name: 'Bob' };
export const user = (n: number) => ({ id: `3000000000000000${String(n).padStart(2, '0')}`, name: `member${n}` });
/** Day 0 is a Monday (2026-03-02), so "this week" and "today" have clear answers. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const at = (day: number, minute = 0): string => new Date(T0 + day * 86_400_000 + minute * 60_000).toISOString();

export type ExpectedCase = {
  guildId: string;
  caseNumber: number;
  type: string;
  status: string;
  moderatorId: string;
  targetId: string;
  hidden: boolean;
  openedAt: string;
};

export type Scenario = Readonly<{
  driver: ModerationDriver;
  cases: ExpectedCase[];
  /** Named cases for specific checks. */
  named: Readonly<Record<'warned' | 'timedOut' | 'tempBanned' | 'failedKick' | 'hiddenNote' | 'lifted' | 'unban' | 'observed', ExpectedCase>>;
}>;

const REASONS = ['spamming invite links', 'off-topic flooding', 'rude to newcomers', 'posting NSFW in general', 'ban evasion suspicion'];

/**
 * A realistic moderation history, produced by the moderation context's own deciders and
 * process manager on the real store: warnings, a timeout, a temporary ban that expires, a kick
 * Discord refuses, a hidden note, a ban lifted by an unban, an action a human did in Discord,
 * a bulk ban, notes, evidence, an amended reason; then `extraWarnings` warnings for paging.
 */
export const runModerationScenario = async (store: EventStore, extraWarnings = 30): Promise<Scenario> => {
  const driver = new ModerationDriver(store, (e) => {
    const p = e.payload as { target: { id: string }; purpose: string };
    return p.target.id === user(4).id && p.purpose === 'sanction' ? { fail: 'Missing Permissions', discordErrorCode: 50013, httpStatus: 403 } : 'succeed';
  });
  const cases: ExpectedCase[] = [];
  const open = (sent: Sent, e: Omit<ExpectedCase, 'caseNumber' | 'openedAt'>, openedAt: string): ExpectedCase => {
    const c = { ...e, caseNumber: openedCaseNumber(sent), openedAt };
    cases.push(c);
    return c;
  };

  let now = at(0);
  const warned = open(
    await driver.send('WarnMember', { target: user(1), reason: 'spamming invite links in #general' }, { guildId: G1, actor: ANN, now }),
    { guildId: G1, type: 'warn', status: 'closed', moderatorId: ANN.id, targetId: user(1).id, hidden: false },
    now,
  );
  now = at(0, 5);
  const timedOut = open(
    await driver.send('TimeoutMember', { target: user(2), reason: 'flooding chat', durationSeconds: 600 }, { guildId: G1, actor: BOB, now, source: 'slash-command' }),
    { guildId: G1, type: 'timeout', status: 'active', moderatorId: BOB.id, targetId: user(2).id, hidden: false },
    now,
  );
  now = at(0, 10);
  const tempBanned = open(
    await driver.send('BanMember', { target: user(3), reason: 'raid account', durationSeconds: 86_400, deleteMessageSeconds: 3600 }, { guildId: G1, actor: ANN, now }),
    { guildId: G1, type: 'ban', status: 'expired', moderatorId: ANN.id, targetId: user(3).id, hidden: false },
    now,
  );
  now = at(0, 15);
  const failedKick = open(
    await driver.send('KickMember', { target: user(4), reason: 'alt account' }, { guildId: G1, actor: ANN, now }),
    { guildId: G1, type: 'kick', status: 'failed', moderatorId: ANN.id, targetId: user(4).id, hidden: false },
    now,
  );
  now = at(0, 20);
  const hiddenNote = open(
    await driver.send('AddMemberNote', { target: user(1), reason: 'wrong member, see case below' }, { guildId: G1, actor: BOB, now }),
    { guildId: G1, type: 'note', status: 'closed', moderatorId: BOB.id, targetId: user(1).id, hidden: true },
    now,
  );
  const caseMeta = (minute: number, actor: Actor = ANN) => ({ guildId: G1, actor, now: at(0, minute) });
  await driver.send('AddCaseNote', { caseNumber: warned.caseNumber, text: 'Follow-up: the member apologised in DMs' }, caseMeta(25));
  await driver.send('AddCaseEvidence', { caseNumber: warned.caseNumber, url: 'https://cdn.example.com/shot.png', description: 'screenshot' }, caseMeta(26));
  await driver.send('AmendCaseReason', { caseNumber: timedOut.caseNumber, reason: 'flooding chat with emotes (100% caps)' }, caseMeta(27, BOB));
  await driver.send('HideCase', { caseNumber: hiddenNote.caseNumber, reason: 'recorded on the wrong member' }, caseMeta(28));
  await driver.send('HideCase', { caseNumber: failedKick.caseNumber, reason: 'testing hide' }, caseMeta(29));
  await driver.send('RestoreCase', { caseNumber: failedKick.caseNumber, reason: 'restored after review' }, caseMeta(30));

  // A permanent ban (day 1) lifted by an unban (day 2): two cases, the first ends "lifted".
  now = at(1);
  const lifted = open(
    await driver.send('BanMember', { target: user(5), reason: 'threats' }, { guildId: G1, actor: ANN, now }),
    { guildId: G1, type: 'ban', status: 'lifted', moderatorId: ANN.id, targetId: user(5).id, hidden: false },
    now,
  );
  // The temporary ban runs out; the scheduler expires it, the executor unbans.
  now = at(1, 11);
  await driver.send('ExpireCase', { caseNumber: tempBanned.caseNumber }, { guildId: G1, actor: SCHEDULER, now, source: 'scheduler' });
  now = at(2);
  const unban = open(
    await driver.send('UnbanMember', { target: user(5), reason: 'appeal accepted' }, { guildId: G1, actor: BOB, now, source: 'slash-command' }),
    { guildId: G1, type: 'unban', status: 'closed', moderatorId: BOB.id, targetId: user(5).id, hidden: false },
    now,
  );
  // A human bans in Discord directly: the audit-log fact opens a case attributed to them.
  now = at(2, 30);
  const human = { id: '200000000000000009', name: 'Carol' };
  const observed = open(
    await driver.send(
      'RecordDiscordAuditAction',
      { auditLogEntryId: '900000000000000001', action: 'ban', target: user(8), executor: human, executorIsBot: false, reason: 'manual ban for scam DMs' },
      { guildId: G1, actor: { kind: 'discord-user', id: human.id, name: human.name }, now, source: 'discord' },
    ),
    { guildId: G1, type: 'ban', status: 'active', moderatorId: human.id, targetId: user(8).id, hidden: false },
    now,
  );
  // A bulk ban of two raiders (and the second guild gets a case of its own).
  now = at(3);
  const bulk = await driver.send('RequestBulkAction', { action: 'ban', targets: [user(6), user(7)], reason: 'raid wave' }, { guildId: G1, actor: ANN, now });
  for (const e of bulk.events.filter((x) => x.type === 'CaseOpened')) {
    const p = e.payload as { caseNumber: number; target: { id: string } };
    cases.push({ guildId: G1, caseNumber: p.caseNumber, type: 'ban', status: 'active', moderatorId: ANN.id, targetId: p.target.id, hidden: false, openedAt: now });
  }
  now = at(3, 1);
  open(
    await driver.send('WarnMember', { target: user(1), reason: 'spamming in another server' }, { guildId: G2, actor: ANN, now }),
    { guildId: G2, type: 'warn', status: 'closed', moderatorId: ANN.id, targetId: user(1).id, hidden: false },
    now,
  );
  for (let i = 0; i < extraWarnings; i++) {
    now = at(4 + Math.floor(i / 10), i);
    const actor = i % 3 === 0 ? BOB : ANN;
    open(
      await driver.send('WarnMember', { target: user(10 + (i % 7)), reason: `${REASONS[i % REASONS.length]} #${i}` }, { guildId: G1, actor, now }),
      { guildId: G1, type: 'warn', status: 'closed', moderatorId: actor.id, targetId: user(10 + (i % 7)).id, hidden: false },
      now,
    );
  }
  return { driver, cases, named: { warned, timedOut, tempBanned, failedKick, hiddenNote, lifted, unban, observed } };
};

export { EXECUTOR, SCHEDULER };
