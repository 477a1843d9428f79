import { personalFieldsOf } from '@guildhall/eventing';
import { DeciderSpecification, ERASED } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { executionCommandId, initialFourEyesState, type FourEyesState } from '@guildhall/moderation';
import { appealDecisionGate, appealsPersonalData, caseAppealsDecider, caseAppealsSlice, commands, evolveCaseAppeals, initialCaseAppeals, parseAppealEvent, type AppealEvent } from '../src/index.js';
import { appealCmd, at, BAN_CASE, envelopeOf, GUILD, MEMBER, MOD, MOD2, MOD3, OTHER_MEMBER, submit, SWEEP, T0 } from './fixtures.js';

const spec = DeciderSpecification.for(caseAppealsDecider);
const A1 = `${GUILD}-7-1`;
const ids = { appealId: A1, guildId: GUILD, caseNumber: 7 };

const submitted: AppealEvent = {
  type: 'AppealSubmitted',
  data: { ...ids, appellantId: MEMBER.id, statement: 'I was not spamming, that was my brother.', answers: [], submittedAt: T0, appealedCase: BAN_CASE, reviewDueAt: at(3 * 86400) },
};
const assigned = (who = MOD2): AppealEvent => ({ type: 'AppealAssigned', data: { ...ids, reviewerId: who.id, reviewerName: who.name, assignedBy: who, assignedAt: at(60) } });
const denied: AppealEvent = { type: 'AppealDecided', data: { ...ids, appellantId: MEMBER.id, decision: 'denied', reason: 'Logs show spam.', decidedBy: MOD2, decidedAt: at(3600), approval: null, lifts: null } };
const withdrawn: AppealEvent = { type: 'AppealWithdrawn', data: { ...ids, appellantId: MEMBER.id, withdrawnAt: at(120) } };
const decideCmd = (actor = MOD2, decision: 'approved' | 'denied' = 'approved', now = at(600)) => appealCmd('DecideAppeal', { caseNumber: 7, appealId: A1, decision, reason: 'Fair enough, welcome back.' }, actor, now);

describe('submitting an appeal', () => {
  it('given no appeal, when the sanctioned member appeals, then it is submitted with a review deadline', () => {
    spec.given([]).when(submit()).then([submitted]);
  });

  it('records the answers beside the guild questions, in order', () => {
    spec
      .given([])
      .when(submit({ answers: ['  sorry  '], settings: { questions: ['Why should we unban you?', 'Anything else?'] } }))
      .then((events) => {
        expect(events[0]?.type === 'AppealSubmitted' && events[0].data.answers).toEqual([
          { question: 'Why should we unban you?', answer: 'sorry' },
          { question: 'Anything else?', answer: '' },
        ]);
      });
  });

  it('only the sanctioned member may appeal', () => {
    spec.given([]).when(submit({ actor: OTHER_MEMBER })).thenRejects('NOT_YOUR_CASE');
  });

  it('one open appeal per case', () => {
    spec.given([submitted]).when(submit()).thenRejects('APPEAL_ALREADY_OPEN');
    spec.given([submitted, assigned()]).when(submit()).thenRejects('APPEAL_ALREADY_OPEN');
  });

  it('after a denial, waits out the cooldown, then takes a new appeal numbered 2', () => {
    const cooldown = 86400;
    spec.given([submitted, denied]).when(submit({ settings: { cooldownSeconds: cooldown }, now: at(3600 + cooldown - 1) })).thenRejects('APPEAL_COOLDOWN');
    spec
      .given([submitted, denied])
      .when(submit({ settings: { cooldownSeconds: cooldown }, now: at(3600 + cooldown) }))
      .then((events) => expect(events.map((e) => e.type === 'AppealSubmitted' && e.data.appealId)).toEqual([`${GUILD}-7-2`]));
  });

  it('after a withdrawal, a new appeal needs no cooldown', () => {
    spec.given([submitted, withdrawn]).when(submit({ now: at(121) })).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses when the guild takes no appeals, a hidden case the member may not see, or more answers than questions', () => {
    spec.given([]).when(submit({ settings: { enabled: false } })).thenRejects('APPEALS_DISABLED');
    spec.given([]).when(submit({ appealedCase: { hidden: true } })).thenRejects('CASE_NOT_APPEALABLE');
    spec.given([]).when(submit({ appealedCase: { action: 'unban' } })).thenRejects('CASE_NOT_APPEALABLE');
    spec.given([]).when(submit({ answers: ['one'] })).thenRejects('TOO_MANY_ANSWERS');
  });

  it('the payload refuses a statement over the limit or with a NUL byte, naming the field', () => {
    const base = { caseNumber: 7, appealedCase: BAN_CASE, settings: { enabled: true, questions: [], cooldownSeconds: 0, reviewLimitSeconds: 3600, showHiddenCases: false, showModeratorName: false } };
    for (const statement of ['x'.repeat(4001), 'a\u0000b', '   ']) {
      const r = commands.SubmitAppeal.safeParse({ ...base, statement });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['statement']);
    }
  });
});

describe('reviewing', () => {
  it('another moderator assigns it to themselves: under review', () => {
    spec.given([submitted]).when(appealCmd('AssignAppeal', { caseNumber: 7, appealId: A1 }, MOD2, at(60))).then([assigned()]);
  });

  it('assigning twice to the same reviewer records nothing; a third moderator is told who has it', () => {
    spec.given([submitted, assigned()]).when(appealCmd('AssignAppeal', { caseNumber: 7, appealId: A1 }, MOD2)).then([]);
    spec.given([submitted, assigned()]).when(appealCmd('AssignAppeal', { caseNumber: 7, appealId: A1 }, MOD3)).thenRejects('APPEAL_ASSIGNED_TO_OTHER');
  });

  it('the case moderator can neither take nor decide the appeal; nor can the appellant', () => {
    spec.given([submitted]).when(appealCmd('AssignAppeal', { caseNumber: 7, appealId: A1 }, MOD)).thenRejects('REVIEWER_IS_CASE_MODERATOR');
    spec.given([submitted]).when(decideCmd(MOD)).thenRejects('REVIEWER_IS_CASE_MODERATOR');
    spec.given([submitted]).when(decideCmd(MEMBER)).thenRejects('REVIEWER_IS_APPELLANT');
  });

  it('approval of a ban says it lifts the ban', () => {
    spec
      .given([submitted, assigned()])
      .when(decideCmd())
      .then([{ type: 'AppealDecided', data: { ...ids, appellantId: MEMBER.id, decision: 'approved', reason: 'Fair enough, welcome back.', decidedBy: MOD2, decidedAt: at(600), approval: null, lifts: 'ban' } }]);
  });

  it('a denial lifts nothing; a warn approved lifts nothing either', () => {
    spec.given([submitted]).when(decideCmd(MOD2, 'denied')).then((events) => expect(events[0]?.type === 'AppealDecided' && events[0].data.lifts).toBeNull());
    const warn: AppealEvent = { ...submitted, data: { ...(submitted.data as object), appealedCase: { ...BAN_CASE, action: 'warn' } } } as AppealEvent;
    spec.given([warn]).when(decideCmd()).then((events) => expect(events[0]?.type === 'AppealDecided' && events[0].data.lifts).toBeNull());
  });

  it('a withdrawn appeal cannot be decided; a decided one not again', () => {
    spec.given([submitted, withdrawn]).when(decideCmd()).thenRejects('APPEAL_WITHDRAWN');
    spec.given([submitted, denied]).when(decideCmd()).thenRejects('APPEAL_ALREADY_DECIDED');
  });

  it('an unknown appeal is not found', () => {
    spec.given([]).when(appealCmd('DecideAppeal', { caseNumber: 7, appealId: `${GUILD}-7-9`, decision: 'denied', reason: 'no' }, MOD2)).thenRejects('APPEAL_NOT_FOUND');
  });
});

describe('withdrawing', () => {
  it('only the appellant withdraws; twice records it once', () => {
    spec.given([submitted]).when(appealCmd('WithdrawAppeal', { caseNumber: 7, appealId: A1 }, MEMBER, at(120))).then([withdrawn]);
    spec.given([submitted, withdrawn]).when(appealCmd('WithdrawAppeal', { caseNumber: 7, appealId: A1 }, MEMBER)).then([]);
    spec.given([submitted]).when(appealCmd('WithdrawAppeal', { caseNumber: 7, appealId: A1 }, MOD2)).thenRejects('NOT_YOUR_CASE');
    spec.given([submitted, denied]).when(appealCmd('WithdrawAppeal', { caseNumber: 7, appealId: A1 }, MEMBER)).thenRejects('APPEAL_ALREADY_DECIDED');
  });
});

describe('reminders', () => {
  const remind = (now: string) => appealCmd('RecordAppealReminder', { caseNumber: 7, appealId: A1 }, SWEEP, now);
  const due = at(3 * 86400);
  it('records a reminder once the appeal waits past its limit, once', () => {
    spec.given([submitted]).when(remind(at(3 * 86400 - 1))).then([]);
    spec.given([submitted]).when(remind(due)).then([{ type: 'AppealReminderDue', data: { ...ids, submittedAt: T0, reviewDueAt: due, remindedAt: due } }]);
    spec.given([submitted, { type: 'AppealReminderDue', data: { ...ids, submittedAt: T0, reviewDueAt: due, remindedAt: due } }]).when(remind(at(4 * 86400))).then([]);
  });
  it('no reminder for a decided appeal', () => {
    spec.given([submitted, denied]).when(remind(at(4 * 86400))).then([]);
  });
});

describe('four-eyes on a decision', () => {
  const APPROVAL = 'ap-1';
  /** The decision as the gate runs it once a second moderator approved: the requester's, under the approval's derived id, naming the approver. */
  const approvedRun = (requester = MOD2, approver = MOD3, id = executionCommandId(APPROVAL)) =>
    caseAppealsSlice.toCommand(
      { ...envelopeOf('DecideAppeal', { caseNumber: 7, appealId: A1, decision: 'approved', reason: 'Fair enough, welcome back.', approval: { approvalId: APPROVAL, approvedBy: approver } }, requester, at(900)), id },
      at(900),
    );

  it('given an open appeal, when a second moderator\'s approval runs the decision, then it is the requester\'s decision naming the approver', () => {
    spec
      .given([submitted])
      .when(approvedRun())
      .then([{ type: 'AppealDecided', data: { ...ids, appellantId: MEMBER.id, decision: 'approved', reason: 'Fair enough, welcome back.', decidedBy: MOD2, decidedAt: at(900), approval: { approvalId: APPROVAL, approvedBy: MOD3 }, lifts: 'ban' } }]);
  });

  const approvedEvent = (approvedBy = MOD3): AppealEvent => ({
    type: 'AppealDecided',
    data: { ...ids, appellantId: MEMBER.id, decision: 'approved', reason: 'Fair enough, welcome back.', decidedBy: MOD2, decidedAt: at(900), approval: { approvalId: APPROVAL, approvedBy }, lifts: 'ban' },
  });

  it("the approver's name is personal data, sealed under the approver's own key (their id stays); a decision without four-eyes has none", () => {
    const fields = (e: AppealEvent) => personalFieldsOf(appealsPersonalData, { type: e.type, payload: e.data, guildId: GUILD, occurredAt: at(900) });
    expect(fields(approvedEvent()).map(({ field, keyId, value }) => [field.path, keyId, value])).toEqual([['approval.approvedBy.name', `${GUILD}/${MOD3.id}`, 'Third Mod']]);
    expect(fields(denied)).toEqual([]);
  });

  it('given a decision whose approver was forgotten (the store reads the name as erased), the appeal names the approver by id, the name erased, and stays decided', () => {
    const forgotten = approvedEvent({ ...MOD3, name: ERASED });
    const state = [submitted, forgotten].reduce(evolveCaseAppeals, initialCaseAppeals());
    expect(state.appeals[0]).toMatchObject({ status: 'approved', decision: { by: MOD2, approvedBy: { id: MOD3.id, name: ERASED } } });
    spec.given([submitted, forgotten]).when(decideCmd(MOD3, 'denied')).thenRejects('APPEAL_ALREADY_DECIDED');
  });

  it('an AppealDecided stored before four-eyes (no approval at all) still reads: no approver', () => {
    const { approval: _, ...old } = (approvedEvent() as Extract<AppealEvent, { type: 'AppealDecided' }>).data;
    const parsed = parseAppealEvent({ type: 'AppealDecided', streamId: `appeals.case.${GUILD}-7`, version: 2, payload: old });
    expect(parsed?.type === 'AppealDecided' && parsed.data.approval).toBeNull();
    expect([submitted, parsed!].reduce(evolveCaseAppeals, initialCaseAppeals()).appeals[0]?.decision).toMatchObject({ approvedBy: null });
  });

  it('the approver is held to the reviewer rules too: neither the case moderator nor the appellant', () => {
    spec.given([submitted]).when(approvedRun(MOD2, MOD)).thenRejects('REVIEWER_IS_CASE_MODERATOR');
    spec.given([submitted]).when(approvedRun(MOD2, MEMBER)).thenRejects('REVIEWER_IS_APPELLANT');
    spec.given([submitted]).when(approvedRun(MOD, MOD3)).thenRejects('REVIEWER_IS_CASE_MODERATOR');
  });

  it('an appeal withdrawn while it waited is not decided by the approval', () => {
    spec.given([submitted, withdrawn]).when(approvedRun()).thenRejects('APPEAL_WITHDRAWN');
  });

  it('a decision that names an approval but does not run under its id is refused (nobody writes an approval in)', () => {
    spec.given([submitted]).when(approvedRun(MOD2, MOD3, 'cmd-typed-by-hand')).thenRejects('DECISION_NOT_APPROVED');
    spec.given([submitted]).when(approvedRun(MOD2, MOD3, executionCommandId('another-approval'))).thenRejects('DECISION_NOT_APPROVED');
  });

  it('the gate: with appeal-decision among the acts a decision waits, readably; otherwise it runs at once', () => {
    const rules = (acts: FourEyesState['acts']): FourEyesState => ({ ...initialFourEyesState(), acts });
    const c = decideCmd(MOD2, 'denied');
    if (c.type !== 'DecideAppeal') throw new Error('not a decision');
    expect(appealDecisionGate(rules(['ban']), c)).toBeNull();
    expect(appealDecisionGate(rules(['ban', 'appeal-decision']), c)).toEqual({
      act: 'appeal-decision',
      summary: { text: `Deny appeal ${A1} of case #7: Fair enough, welcome back.`, targets: [], caseNumber: 7 },
    });
  });
});
