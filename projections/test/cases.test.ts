import { DomainError } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesProjection, countCases, getCase, listCases, replayCaseAsOf, type CaseListFilter, type CaseRow } from '../src/index.js';
import { ANN, at, BOB, G1, G2, runModerationScenario, user, type ExpectedCase, type Scenario } from './support/moderation-scenario.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

let world: TestWorld;
let scenario: Scenario;

beforeAll(async () => {
  world = await createTestWorld('cases');
  await world.startRunners([casesProjection]);
  scenario = await runModerationScenario(world.store, 30);
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

/** Every page of a list, following nextCursor. */
const allPages = async (filter: CaseListFilter): Promise<{ rows: CaseRow[]; pages: number }> => {
  const rows: CaseRow[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listCases(world.pool, { ...filter, ...(cursor ? { cursor } : {}) });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { rows, pages };
};

const numbers = (rows: readonly { caseNumber: number }[]) => rows.map((r) => r.caseNumber);
/** The list order: by opening time, then case number. */
const expectedNumbers = (pick: (c: ExpectedCase) => boolean, order: 'asc' | 'desc' = 'desc') =>
  scenario.cases
    .filter(pick)
    .sort((a, b) => (a.openedAt === b.openedAt ? a.caseNumber - b.caseNumber : a.openedAt < b.openedAt ? -1 : 1) * (order === 'desc' ? -1 : 1))
    .map((c) => c.caseNumber);
const visibleIn = (g: string) => (c: ExpectedCase) => c.guildId === g && !c.hidden;

describe('cases read model (real NATS + PostgreSQL, events from the moderation deciders)', { timeout: 60_000 }, () => {
  it('has one row per opened case with the status its events lead to', async () => {
    const { rows } = await allPages({ guildId: G1, includeHidden: true, limit: 200 });
    const byNumber = new Map(rows.map((r) => [r.caseNumber, r]));
    const expected = scenario.cases.filter((c) => c.guildId === G1);
    expect(rows).toHaveLength(expected.length);
    for (const c of expected) {
      const row = byNumber.get(c.caseNumber);
      expect(row, `case ${c.caseNumber}`).toBeDefined();
      expect({ type: row!.type, status: row!.status, moderator: row!.moderator.id, target: row!.target.id, hidden: row!.hidden, openedAt: row!.openedAt }).toEqual({
        type: c.type,
        status: c.status,
        moderator: c.moderatorId,
        target: c.targetId,
        hidden: c.hidden,
        openedAt: c.openedAt,
      });
    }
    const { timedOut, warned, tempBanned } = scenario.named;
    expect(byNumber.get(timedOut.caseNumber)!.reason).toBe('flooding chat with emotes (100% caps)');
    expect(byNumber.get(warned.caseNumber)!).toMatchObject({ noteCount: 1, evidenceCount: 1 });
    expect(byNumber.get(tempBanned.caseNumber)!).toMatchObject({ durationSeconds: 86_400, expiresAt: at(1, 10), expiryStatus: 'expired', endedHow: 'expired' });
  });

  it('pages with keyset cursors in both orders without gaps or repeats', async () => {
    const desc = await allPages({ guildId: G1, limit: 7 });
    expect(numbers(desc.rows)).toEqual(expectedNumbers(visibleIn(G1)));
    expect(desc.pages).toBe(Math.ceil(desc.rows.length / 7) + (desc.rows.length % 7 === 0 ? 1 : 0));
    const asc = await allPages({ guildId: G1, limit: 5, order: 'asc' });
    expect(numbers(asc.rows)).toEqual(expectedNumbers(visibleIn(G1), 'asc'));
    // Page size 1 splits the bulk ban's two cases, opened at the same instant: the case number breaks the tie.
    const bans = await allPages({ guildId: G1, type: 'ban', limit: 1 });
    expect(numbers(bans.rows)).toEqual(expectedNumbers((c) => visibleIn(G1)(c) && c.type === 'ban'));
    expect(scenario.cases.filter((c) => c.type === 'ban' && c.openedAt === at(3))).toHaveLength(2);
    const last = await listCases(world.pool, { guildId: G2 });
    expect(last.nextCursor).toBeNull();
    expect(numbers(last.items)).toEqual(expectedNumbers(visibleIn(G2)));
  });

  it('filters by type, status, moderator, target, date range and text', async () => {
    const check = async (filter: Omit<CaseListFilter, 'guildId'>, pick: (c: ExpectedCase) => boolean) => {
      const { rows } = await allPages({ guildId: G1, limit: 4, ...filter });
      expect(numbers(rows), JSON.stringify(filter)).toEqual(expectedNumbers((c) => visibleIn(G1)(c) && pick(c)));
      return rows;
    };
    await check({ type: 'ban' }, (c) => c.type === 'ban');
    await check({ type: ['kick', 'timeout'] }, (c) => c.type === 'kick' || c.type === 'timeout');
    await check({ status: 'active' }, (c) => c.status === 'active');
    await check({ status: ['expired', 'lifted', 'failed'] }, (c) => ['expired', 'lifted', 'failed'].includes(c.status));
    await check({ moderatorId: BOB.id }, (c) => c.moderatorId === BOB.id);
    await check({ targetId: user(1).id }, (c) => c.targetId === user(1).id);
    await check({ type: 'warn', moderatorId: ANN.id }, (c) => c.type === 'warn' && c.moderatorId === ANN.id);
    await check({ from: at(1), to: new Date(Date.parse(at(3))) }, (c) => c.openedAt >= at(1) && c.openedAt < at(3));
    // Reason text, case-insensitive, and note text.
    const raw = await check({ text: 'INVITE LINKS' }, (c) => c.caseNumber === scenario.named.warned.caseNumber || (c.type === 'warn' && c.openedAt >= at(4) && /^spamming invite links/.test(reasonOf(c))));
    expect(raw.length).toBeGreaterThan(1);
    await check({ text: 'apologised' }, (c) => c.caseNumber === scenario.named.warned.caseNumber);
    // LIKE wildcards in the text are literal.
    await check({ text: '100%' }, (c) => c.caseNumber === scenario.named.timedOut.caseNumber);
    await check({ text: 'no_such_text' }, () => false);
  });

  it('excludes hidden cases unless asked', async () => {
    const { hiddenNote, failedKick } = scenario.named;
    const visible = numbers((await allPages({ guildId: G1, limit: 200 })).rows);
    expect(visible).not.toContain(hiddenNote.caseNumber);
    expect(visible).toContain(failedKick.caseNumber);
    const all = numbers((await allPages({ guildId: G1, includeHidden: true, limit: 200 })).rows);
    expect(all).toContain(hiddenNote.caseNumber);
  });

  it('counts cases per type and status from its counters', async () => {
    const tally = (includeHidden: boolean) => {
      const byType: Record<string, number> = {};
      const byStatus: Record<string, number> = {};
      const picked = scenario.cases.filter((c) => c.guildId === G1 && (includeHidden || !c.hidden));
      for (const c of picked) {
        byType[c.type] = (byType[c.type] ?? 0) + 1;
        byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      }
      return { total: picked.length, byType, byStatus };
    };
    expect(await countCases(world.pool, { guildId: G1 })).toMatchObject(tally(false));
    expect(await countCases(world.pool, { guildId: G1, includeHidden: true })).toMatchObject(tally(true));
    const counts = await countCases(world.pool, { guildId: G1 });
    expect(counts.byTypeAndStatus.ban).toEqual({ active: 3, expired: 1, lifted: 1 });
    expect(await countCases(world.pool, { guildId: G2 })).toMatchObject({ total: 1, byType: { warn: 1 } });
  });

  it('keeps the replayed state, equal to the event store replayed with the domain caseAsOf', async () => {
    for (const c of [scenario.named.tempBanned, scenario.named.lifted, scenario.named.warned]) {
      const detail = await getCase(world.pool, { guildId: G1, caseNumber: c.caseNumber });
      const truth = await replayCaseAsOf(world.store, { guildId: G1, caseNumber: c.caseNumber });
      expect(detail!.state).toEqual(JSON.parse(JSON.stringify(truth.state)));
      expect(detail!.version).toBe(truth.streamVersion);
    }
    expect(await getCase(world.pool, { guildId: G1, caseNumber: 999_999 })).toBeNull();
  });

  it('refuses bad filters with INVALID_QUERY naming the field', async () => {
    const refuse = async (input: unknown, field: string) => {
      const err = await listCases(world.pool, input as CaseListFilter).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('INVALID_QUERY');
      expect((err as DomainError).message).toContain(field);
    };
    await refuse({ guildId: 'nope' }, 'guildId');
    await refuse({ guildId: G1, limit: 0 }, 'limit');
    await refuse({ guildId: G1, limit: 10_000 }, 'limit');
    await refuse({ guildId: G1, type: 'explode' }, 'type');
    await refuse({ guildId: G1, text: 'ab' }, 'text');
    await refuse({ guildId: G1, from: at(3), to: at(1) }, 'to');
    await refuse({ guildId: G1, cursor: 'garbage!!' }, 'cursor');
    await refuse({ guildId: G1, sql: '1=1' }, 'sql');
    const page = await listCases(world.pool, { guildId: G1, limit: 2 });
    await refuse({ guildId: G1, order: 'asc', cursor: page.nextCursor }, 'cursor');
  });

  it('rebuilds into identical rows', async () => {
    const { before, after, events } = await rebuildAndSnapshot(world, casesProjection, {
      cases: 'guild_id, case_number',
      case_counts: 'guild_id, action, status, hidden',
    });
    expect(events).toBeGreaterThan(0);
    expect(before.cases!.length).toBe(scenario.cases.length);
    expect(after).toEqual(before);
  });
});

const reasonOf = (c: ExpectedCase): string => {
  // Extra warnings cycle through the scenario's reasons: case i has REASONS[i % 5].
  const i = scenario.cases.filter((x) => x.guildId === G1 && x.openedAt >= at(4)).findIndex((x) => x.caseNumber === c.caseNumber);
  return ['spamming invite links', 'off-topic flooding', 'rude to newcomers', 'posting NSFW in general', 'ban evasion suspicion'][i % 5] ?? '';
};
