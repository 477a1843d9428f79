import { useState, type FormEvent } from 'react';
import { useMyCases, useSubmitAppeal, useWithdrawAppeal, type MyCase } from '../api/appeals.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';

/** The appeals context's statement limit (STATEMENT_MAX); the API refuses more, naming the field. */
const STATEMENT_MAX = 4000;

export const appealStatusLabel = (s: string): string => (s === 'under-review' ? 'under review' : s);

const AppealForm = ({ c, onDone }: { c: MyCase; onDone: () => void }) => {
  const submit = useSubmitAppeal();
  const [statement, setStatement] = useState('');
  const [answers, setAnswers] = useState<string[]>(() => c.questions.map(() => ''));
  const id = `appeal-${c.guildId}-${c.caseNumber}`;
  const send = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate({ guildId: c.guildId, caseNumber: c.caseNumber, statement, answers }, { onSuccess: onDone });
  };
  return (
    <form className="form" onSubmit={send} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Appeal case #{c.caseNumber}</h3>
      {c.questions.map((q, i) => (
        <label key={q}>
          {q}
          <textarea rows={2} maxLength={1000} value={answers[i] ?? ''} onChange={(e) => setAnswers((a) => a.map((x, j) => (j === i ? e.target.value : x)))} />
        </label>
      ))}
      <label>
        Why should the moderators reconsider?
        <textarea required rows={5} maxLength={STATEMENT_MAX} value={statement} onChange={(e) => setStatement(e.target.value)} aria-describedby={`${id}-count`} />
      </label>
      <span id={`${id}-count`} className="muted small">
        {statement.length} / {STATEMENT_MAX}
      </span>
      <button type="submit" disabled={submit.isPending || statement.trim() === ''}>
        Send appeal
      </button>
      <ErrorNote error={submit.error} />
    </form>
  );
};

const CaseCard = ({ c }: { c: MyCase }) => {
  const [open, setOpen] = useState(false);
  const withdraw = useWithdrawAppeal();
  const a = c.appeal;
  const isOpen = a?.status === 'submitted' || a?.status === 'under-review';
  return (
    <li className="card my-case">
      <h3>
        Case #{c.caseNumber} <Badge kind={c.type}>{c.type}</Badge> <Badge kind={`status-${c.status}`}>{c.status}</Badge>
      </h3>
      <p>{c.reason ?? <span className="muted">no reason given</span>}</p>
      <p className="muted small">
        <Time at={c.openedAt} />
        {c.expiresAt ? (
          <>
            {' '}
            · ends <Time at={c.expiresAt} />
          </>
        ) : null}
        {c.endedAt ? (
          <>
            {' '}
            · {c.endedHow} <Time at={c.endedAt} />
          </>
        ) : null}
        {c.moderatorName ? <> · by {c.moderatorName}</> : null}
      </p>
      {a ? (
        <div className="appeal-state" data-testid="appeal-state">
          <p>
            Your appeal: <Badge kind={`appeal-${a.status}`}>{appealStatusLabel(a.status)}</Badge> <span className="muted small">sent <Time at={a.submittedAt} /></span>
          </p>
          {a.decisionReason ? (
            <p>
              <b>The moderators’ answer:</b> {a.decisionReason}
            </p>
          ) : null}
          {isOpen ? (
            <button type="button" disabled={withdraw.isPending} onClick={() => withdraw.mutate(a.id)}>
              Withdraw the appeal
            </button>
          ) : null}
          <ErrorNote error={withdraw.error} />
        </div>
      ) : null}
      {c.canAppeal && !open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {a ? 'Appeal again' : 'Appeal'}
        </button>
      ) : null}
      {c.canAppeal && open ? <AppealForm c={c} onDone={() => setOpen(false)} /> : null}
    </li>
  );
};

/** A member's own record: their cases in every guild that uses Guildhall, as each guild lets them see them, and their appeals. */
export const MyRecordPage = ({ me, guildNames }: { me: Me; guildNames: ReadonlyMap<string, string> }) => {
  const q = useMyCases();
  const cases = q.data?.cases ?? [];
  const byGuild = new Map<string, MyCase[]>();
  for (const c of cases) byGuild.set(c.guildId, [...(byGuild.get(c.guildId) ?? []), c]);
  return (
    <section className="my-record">
      <h1>My record</h1>
      <p className="muted">
        {me.user.name}: your cases in every server that uses Guildhall. Servers may hide some cases or the moderator’s name.
      </p>
      <ErrorNote error={q.error} />
      {q.isPending ? <Loading what="your record" /> : cases.length === 0 && !q.error ? <Empty>You have no cases. Nothing to appeal.</Empty> : null}
      {[...byGuild].map(([guildId, list]) => (
        <section key={guildId} aria-labelledby={`guild-${guildId}`}>
          <h2 id={`guild-${guildId}`}>{list[0]?.guildName ?? guildNames.get(guildId) ?? `Server ${guildId}`}</h2>
          <ul className="my-cases">
            {list.map((c) => (
              <CaseCard key={`${c.guildId}-${c.caseNumber}`} c={c} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
};
