import type { EventEnvelope } from '@guildhall/kernel';
import { commands as moderationCommands } from '@guildhall/moderation';
import { describe, expect, it } from 'vitest';
import type { AppealDecided } from '../src/index.js';
import { reactToAppealEvent } from '../src/workflows/lift-on-approval.js';
import { at, GUILD, MEMBER, MOD2, MOD3 } from './fixtures.js';

const decided = (data: Partial<AppealDecided['data']> = {}): EventEnvelope => ({
  id: 'evt-decided-1',
  type: 'AppealDecided',
  schemaVersion: 1,
  streamId: `appeals.case.${GUILD}-7`,
  version: 3,
  position: 42,
  occurredAt: at(600),
  guildId: GUILD,
  actor: MOD2,
  source: 'web',
  correlationId: 'corr-appeal-1',
  causationId: 'cmd-decide',
  payload: { appealId: `${GUILD}-7-1`, guildId: GUILD, caseNumber: 7, appellantId: MEMBER.id, decision: 'approved', reason: 'Welcome back.', decidedBy: MOD2, decidedAt: at(600), lifts: 'ban', ...data },
});

describe('an approved appeal lifts its sanction', () => {
  it('a ban becomes moderation UnbanMember by the approving moderator, caused by the decision, with a payload moderation accepts', () => {
    const [r, ...rest] = reactToAppealEvent(decided(), at(601));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ context: 'moderation', command: { type: 'UnbanMember', guildId: GUILD, actor: MOD2, causationId: 'evt-decided-1', correlationId: 'corr-appeal-1' } });
    expect(moderationCommands.UnbanMember.parse(r!.command.payload)).toMatchObject({ target: { id: MEMBER.id }, reason: `Appeal ${GUILD}-7-1 of case #7 approved: Welcome back.` });
  });

  it("under four-eyes the reason names the second moderator by id, never by name (the name is sealed personal data; the reason is kept in the clear)", () => {
    const [r] = reactToAppealEvent(decided({ approval: { approvalId: 'ap-1', approvedBy: MOD3 } }), at(601));
    const { reason } = moderationCommands.UnbanMember.parse(r!.command.payload);
    expect(reason).toBe(`Appeal ${GUILD}-7-1 of case #7 approved (four-eyes: second moderator ${MOD3.id}): Welcome back.`);
    expect(reason).not.toContain(MOD3.name);
    expect(r!.command.actor).toEqual(MOD2);
  });

  it('a timeout becomes RemoveMemberTimeout; the same event twice sends the same command id', () => {
    const a = reactToAppealEvent(decided({ lifts: 'timeout' }), at(601));
    const b = reactToAppealEvent(decided({ lifts: 'timeout' }), at(700));
    expect(a[0]?.command.type).toBe('RemoveMemberTimeout');
    expect(a[0]?.command.id).toBe(b[0]?.command.id);
  });

  it('a denial, or an approval that lifts nothing, sends nothing; a long reason is cut to what Discord takes', () => {
    expect(reactToAppealEvent(decided({ decision: 'denied', lifts: null }), at(601))).toEqual([]);
    expect(reactToAppealEvent(decided({ lifts: null }), at(601))).toEqual([]);
    const [r] = reactToAppealEvent(decided({ reason: 'x'.repeat(1000) }), at(601));
    expect(moderationCommands.UnbanMember.parse(r!.command.payload).reason).toHaveLength(512);
  });
});
