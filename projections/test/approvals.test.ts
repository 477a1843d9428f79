import type { Actor, CommandEnvelope } from '@guildhall/kernel';
import { moderationHandler } from '@guildhall/moderation/handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsProjection, getApproval, listApprovals } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G = '100000000000000078';
const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
const BOB: Actor = { kind: 'discord-user', id: '200000000000000002', name: 'Bob' };
const target = (n: number) => ({ id: `30000000000000000${n}`, name: `member${n}` });
let world: TestWorld;
let n = 0;

const send = async (type: string, payload: unknown, actor: Actor = ANN, given?: string): Promise<void> => {
  const id = given ?? `cmd-${n + 1}`;
  n++;
  const envelope: CommandEnvelope = {
    id, type, guildId: G, actor, source: 'web', correlationId: id, causationId: null, issuedAt: new Date(Date.UTC(2026, 2, 1, 12, n)).toISOString(), payload,
  };
  const outcome = await moderationHandler(world.store)(envelope);
  expect(outcome.status, JSON.stringify(outcome)).toBe('accepted');
};

beforeAll(async () => {
  world = await createTestWorld('approvals');
  await world.startRunners([approvalsProjection]);
  await send('ConfigureFourEyes', { acts: ['ban', 'hide-case'], expirySeconds: 3600 });
  await send('BanMember', { target: target(1), reason: 'raid' }, ANN, 'ban-1');
  await send('BanMember', { target: target(2), reason: null }, ANN, 'ban-2');
  await send('HideCase', { caseNumber: 7, reason: 'doxxing' }, ANN, 'hide-7');
  await send('ApproveRequest', { approvalId: 'ban-1' }, BOB);
  await send('RecordApprovalExecuted', { approvalId: 'ban-1', commandId: 'four-eyes-ban-1', outcome: 'accepted' });
  await send('DenyRequest', { approvalId: 'ban-2', reason: 'wrong member' }, BOB);
  await world.caughtUp();
}, 90_000);

afterAll(async () => world?.dispose(), 30_000);

describe('approvals read model (real NATS + PostgreSQL, events from the moderation handler)', { timeout: 60_000 }, () => {
  it('lists the queue (pending) by default, and other states on request, with who asked, what and until when', async () => {
    const pending = await listApprovals(world.pool, { guildId: G });
    expect(pending.map((a) => [a.approvalId, a.act, a.summary.text])).toEqual([['hide-7', 'hide-case', 'Hide case #7 (doxxing)']]);
    expect(pending[0]).toMatchObject({ requestedBy: ANN, status: 'pending', expiresAt: expect.any(String), held: { type: 'HideCase' } });
    const decided = await listApprovals(world.pool, { guildId: G, status: ['executed', 'denied'] });
    expect(decided.map((a) => [a.approvalId, a.status, a.decidedBy?.id])).toEqual([
      ['ban-2', 'denied', BOB.id],
      ['ban-1', 'executed', BOB.id],
    ]);
    expect(await getApproval(world.pool, G, 'ban-2')).toMatchObject({ denialReason: 'wrong member' });
    expect(await getApproval(world.pool, G, 'nope')).toBeNull();
  });

  it('refuses a bad filter with INVALID_QUERY', async () => {
    await expect(listApprovals(world.pool, { guildId: G, status: ['open' as 'pending'] })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('drops and rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, approvalsProjection, { approvals: 'guild_id, approval_id' });
    expect(before.approvals!.length).toBe(3);
    expect(after).toEqual(before);
  });
});
