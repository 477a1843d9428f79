import type { CommandEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { ReconcileDiscordSanctionsSchema, reconcileCommands, type DiscordSanctionsSnapshot } from '../src/index.js';
import { GUILD, NOW, at } from './fixtures.js';

const envelope: CommandEnvelope = {
  id: 'fact-cmd-1',
  type: 'ReconcileDiscordSanctions',
  issuedAt: NOW,
  guildId: GUILD,
  actor: { kind: 'system', id: 'guildhall-discord-gateway', name: 'Discord gateway' },
  source: 'discord',
  correlationId: 'fact-1',
  causationId: 'fact-1',
  payload: {},
};
const A = '300000000000000001';
const B = '300000000000000002';
const C = '300000000000000003';
const human = { id: '400000000000000001', name: 'Bob' };
const snapshot = (over: Partial<DiscordSanctionsSnapshot> = {}): DiscordSanctionsSnapshot =>
  ReconcileDiscordSanctionsSchema.parse({ snapshotId: 'snap-1', bans: [], timeoutsKnown: true, timeouts: [], audit: [], ...over });

describe('reconcileCommands: Discord snapshot against whom Guildhall believes sanctioned', () => {
  it('one ReconcileWithDiscord per member that differs, none for those that agree', () => {
    const commands = reconcileCommands(
      envelope,
      snapshot({ bans: [{ user: { id: B, name: 'b' }, reason: 'raid' }, { user: { id: C, name: 'c' }, reason: null }] }),
      [
        { userId: A, banned: true, timeoutUntil: null },
        { userId: C, banned: true, timeoutUntil: null },
      ],
    );
    expect(commands.map((c) => [(c.payload as { target: { id: string } }).target.id, (c.payload as { banned: boolean }).banned])).toEqual([
      [A, false],
      [B, true],
    ]);
    expect(commands[1]).toMatchObject({ type: 'ReconcileWithDiscord', issuedAt: NOW, guildId: GUILD, causationId: 'fact-cmd-1', correlationId: 'fact-1' });
  });
  it('ids derive from the snapshot command and the member (a redelivery sends the same commands)', () => {
    const s = snapshot({ bans: [{ user: { id: B, name: 'b' }, reason: null }] });
    expect(reconcileCommands(envelope, s, []).map((c) => c.id)).toEqual(reconcileCommands(envelope, s, []).map((c) => c.id));
    expect(reconcileCommands({ ...envelope, id: 'other' }, s, [])[0]?.id).not.toBe(reconcileCommands(envelope, s, [])[0]?.id);
  });
  it("the member's latest human ban / unban entry is the evidence, only when it explains Discord's state", () => {
    const entry = (id: string, action: 'ban' | 'unban', executorIsBot = false) => ({ auditLogEntryId: id, action, target: { id: B, name: 'b' }, executor: human, executorIsBot, reason: 'why' });
    const banned = snapshot({ bans: [{ user: { id: B, name: 'b' }, reason: null }], audit: [entry('900000000000000001', 'unban'), entry('900000000000000002', 'ban'), entry('900000000000000003', 'ban', true)] });
    expect(reconcileCommands(envelope, banned, [])[0]?.payload).toMatchObject({ banAudit: { auditLogEntryId: '900000000000000002', executor: human } });
    const unbanned = snapshot({ audit: [entry('900000000000000002', 'ban')] });
    expect(reconcileCommands(envelope, unbanned, [{ userId: B, banned: true, timeoutUntil: null }])[0]?.payload).toMatchObject({ banned: false, banAudit: null });
  });
  it('timeouts: set while away, ended early; not compared when the member list was incomplete', () => {
    const s = snapshot({ timeouts: [{ user: { id: B, name: 'b' }, until: at(600) }, { user: { id: C, name: 'c' }, until: at(-5) }] });
    const ids = (list: CommandEnvelope[]) => list.map((c) => (c.payload as { target: { id: string } }).target.id);
    expect(ids(reconcileCommands(envelope, s, [{ userId: A, banned: false, timeoutUntil: at(300) }]))).toEqual([A, B]);
    expect(reconcileCommands(envelope, { ...s, timeoutsKnown: false }, [{ userId: A, banned: false, timeoutUntil: at(300) }])).toEqual([]);
  });
});
