import { useState, type FormEvent } from 'react';
import { useAppeals, useAssignAppeal, useDecideAppeal, type AppealFilter, type AppealView } from '../api/appeals.js';
import { useApprovals, type Approval } from '../api/approvals.js';
import type { Me } from '../api/types.js';
import { AppealSettingsForm } from '../components/AppealSettingsForm.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { AwaitingApproval } from '../components/CommandOutcome.js';
import { Options } from '../components/Options.js';
import { isAdminLevel } from '../nav.js';
import { Link } from '../router.js';
import { appealStatusLabel } from './MyRecordPage.js';

type Guild = Me['guilds'][number];

const DecideForm = ({ guild, appeal }: { guild: Guild; appeal: AppealView }) => {
  const decide = useDecideAppeal(guild.id);
  const [decision, setDecision] = useState<'approved' | 'denied'>('approved');
  const [reason, setReason] = useState('');
  const id = `decide-${appeal.id}`;
  const send = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate({ appealId: appeal.id, decision, reason });
  };
  return (
    <form className="form" onSubmit={send} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Decide</h4>
      <fieldset>
        <legend>Decision</legend>
        <label className="check">
          <input type="radio" name={`${id}-decision`} value="approved" checked={decision === 'approved'} onChange={() => setDecision('approved')} /> Approve
          {appeal.appealedCase.action === 'ban' ? ' (unbans)' : appeal.appealedCase.action === 'timeout' ? ' (removes the timeout)' : ''}
        </label>
        <label className="check">
          <input type="radio" name={`${id}-decision`} value="denied" checked={decision === 'denied'} onChange={() => setDecision('denied')} /> Deny
        </label>
      </fieldset>
      <label>
        Reason (the member sees it)
        <textarea required rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={decide.isPending || reason.trim() === ''}>
        Send decision
      </button>
      <ErrorNote error={decide.error} />
      {decide.data?.status === 'awaiting-approval' ? <AwaitingApproval guildId={guild.id} /> : decide.isSuccess ? <p role="status">Decided; the queue updates in a moment.</p> : null}
    </form>
  );
};

/** The pending four-eyes requests that hold an appeal's decision, by appeal id. */
const heldDecisions = (approvals: readonly Approval[] | undefined): ReadonlyMap<string, Approval> =>
  new Map(
    (approvals ?? []).flatMap((a) => (a.held.context === 'appeals' && a.held.type === 'DecideAppeal' && typeof a.held.payload.appealId === 'string' ? [[a.held.payload.appealId, a] as const] : [])),
  );

const AppealCard = ({ guild, appeal, me, held }: { guild: Guild; appeal: AppealView; me: Me; held: Approval | undefined }) => {
  const assign = useAssignAppeal(guild.id);
  const open = appeal.status === 'submitted' || appeal.status === 'under-review';
  const isCaseModerator = appeal.appealedCase.moderatorId === me.user.id;
  return (
    <li className="card appeal" data-appeal-id={appeal.id}>
      <h3>
        <Link to={`/g/${guild.id}/cases/${appeal.caseNumber}`}>Case #{appeal.caseNumber}</Link> <Badge kind={appeal.appealedCase.action}>{appeal.appealedCase.action}</Badge>{' '}
        <Badge kind={`appeal-${appeal.status}`}>{appealStatusLabel(appeal.status)}</Badge>
      </h3>
      <p className="muted small">
        by member {appeal.appellantId} · sent <Time at={appeal.submittedAt} /> · review by <Time at={appeal.reviewDueAt} />
        {appeal.remindedAt ? <Badge kind="warn">overdue</Badge> : null}
      </p>
      <blockquote>{appeal.statement}</blockquote>
      {appeal.answers.length ? (
        <dl>
          {appeal.answers.map((a) => (
            <div key={a.question}>
              <dt>{a.question}</dt>
              <dd>{a.answer || <span className="muted">no answer</span>}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {appeal.reviewer ? <p className="small">Reviewer: {appeal.reviewer.name}</p> : null}
      {appeal.decision ? (
        <p>
          <b>{appeal.decision.decision}</b> by {appeal.decision.by.name}
          {appeal.decision.approvedBy ? <>, approved by {appeal.decision.approvedBy.name} (four-eyes)</> : null}: {appeal.decision.reason}
        </p>
      ) : null}
      {open && isCaseModerator ? (
        <p className="note" role="note">
          You issued this sanction, so another moderator reviews its appeal.
        </p>
      ) : null}
      {open && !appeal.reviewer ? (
        <button type="button" disabled={assign.isPending} onClick={() => assign.mutate(appeal.id)}>
          Assign to me
        </button>
      ) : null}
      <ErrorNote error={assign.error} />
      {open && held ? (
        // One decision at a time: while one waits for a second moderator, no other is offered.
        <p className="note" role="status">
          A decision ({held.held.payload.decision === 'denied' ? 'deny' : 'approve'}) by {held.requestedBy.name} waits for a second moderator:{' '}
          <Link to={`/g/${guild.id}/approvals`}>Approvals</Link>.
        </p>
      ) : open ? (
        <DecideForm guild={guild} appeal={appeal} />
      ) : null}
    </li>
  );
};

const FILTERS: readonly (readonly [NonNullable<AppealFilter['status']> | 'all', string])[] = [
  ['open', 'Open'],
  ['submitted', 'Submitted'],
  ['under-review', 'Under review'],
  ['approved', 'Approved'],
  ['denied', 'Denied'],
  ['withdrawn', 'Withdrawn'],
  ['all', 'All'],
];

/** The review queue (filters, assign to me, decide) and, for admins, the guild's appeal settings. */
export const AppealsPage = ({ guild, me, search }: { guild: Guild; me: Me; search: URLSearchParams }) => {
  const initial = search.get('status') ?? 'open';
  const [status, setStatus] = useState(initial);
  const filter: AppealFilter = status === 'all' ? {} : { status: status as NonNullable<AppealFilter['status']> };
  const q = useAppeals(guild.id, filter);
  const appeals = q.data?.appeals ?? [];
  const held = heldDecisions(useApprovals(guild.id, 'pending').data?.approvals);
  return (
    <section>
      <h1>Appeals</h1>
      <label className="inline">
        Show{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <Options choices={FILTERS} />
        </select>
      </label>
      <ErrorNote error={q.error} />
      {q.isPending ? <Loading what="appeals" /> : appeals.length === 0 && !q.error ? <Empty>No appeals here.</Empty> : null}
      <ul className="appeals">
        {appeals.map((a) => (
          <AppealCard key={a.id} guild={guild} appeal={a} me={me} held={held.get(a.id)} />
        ))}
      </ul>
      {isAdminLevel(guild.level) ? <AppealSettingsForm guild={guild} /> : null}
    </section>
  );
};
