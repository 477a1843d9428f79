import { lazy, Suspense, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { approvalIdOfExecution } from '@guildhall/moderation';
import { useApproval } from '../api/approvals.js';
import { useCase, useTimeline } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { StateView } from '../components/CaseStateView.js';
import { CaseTimeline } from '../components/CaseTimeline.js';
import { CommandOutcome } from '../components/CommandOutcome.js';
import { useCommand } from '../components/useCommand.js';
import { Link } from '../router.js';
import { VerificationBadge } from '../components/VerificationBadge.js';
import { CaseAppeals } from '../components/CaseAppeals.js';

type Guild = Me['guilds'][number];

// The replay folds the case's events with the moderation and appeals contexts' own evolve, which
// brings their deciders and event schemas: it loads with the timeline, not with the shell.
const Replay = lazy(() => import('../components/Replay.js').then((m) => ({ default: m.Replay })));

const Annotate = ({ guild, caseNumber, hidden }: { guild: Guild; caseNumber: number; hidden: boolean }) => {
  const cmd = useCommand(guild.id, 'moderation');
  const [kind, setKind] = useState<'AddCaseNote' | 'AmendCaseReason' | 'AddCaseEvidence' | 'HideCase' | 'RestoreCase'>('AddCaseNote');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const canHide = guild.owner || guild.permissions.includes('MANAGE_GUILD') || guild.permissions.includes('ADMINISTRATOR');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload =
      kind === 'AddCaseNote'
        ? { caseNumber, text }
        : kind === 'AddCaseEvidence'
          ? { caseNumber, url, description: text || null }
          : { caseNumber, reason: text };
    const r = await cmd.send(kind, payload);
    if (r?.status === 'accepted') {
      setText('');
      setUrl('');
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)}>
      <h2>Annotate</h2>
      <label>
        What
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="AddCaseNote">add a note</option>
          <option value="AmendCaseReason">change the reason</option>
          <option value="AddCaseEvidence">add evidence</option>
          {canHide ? <option value={hidden ? 'RestoreCase' : 'HideCase'}>{hidden ? 'restore the case' : 'hide the case'}</option> : null}
        </select>
      </label>
      {kind === 'AddCaseEvidence' ? (
        <label>
          URL
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
        </label>
      ) : null}
      <label>
        {kind === 'AddCaseNote' ? 'Note' : kind === 'AddCaseEvidence' ? 'Description' : 'Reason'}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} />
      </label>
      <button type="submit" disabled={cmd.state.phase === 'sending'}>
        Save
      </button>
      <CommandOutcome state={cmd.state} guildId={guild.id} accepted="Saved; the timeline updates in a moment." />
    </form>
  );
};

/** A case four-eyes held: who asked (the case's moderator) and the second moderator who approved it. */
const FourEyesNote = ({ guildId, requestId }: { guildId: string; requestId: string }) => {
  const approvalId = approvalIdOfExecution(requestId);
  const a = useApproval(guildId, approvalId);
  if (approvalId === null || !a.data) return null;
  const { requestedBy, decidedBy, decidedAt } = a.data.approval;
  return (
    <p className="notice">
      Four-eyes: asked by {requestedBy.name}, approved by {decidedBy?.name ?? '—'} <Time at={decidedAt} /> (<Link to={`/g/${guildId}/approvals`}>approvals</Link>).
    </p>
  );
};

export const CaseDetailPage = ({ guild, caseNumber }: { guild: Guild; caseNumber: number }) => {
  const c = useCase(guild.id, caseNumber);
  const t = useTimeline(guild.id, caseNumber);
  if (c.isPending) return <Loading />;
  if (c.error instanceof ApiError && c.error.status === 404) {
    return (
      <section>
        <h1>Case #{caseNumber}</h1>
        <Empty>Case #{caseNumber} is not in the read model (yet). If it was just opened, this page shows it in a moment.</Empty>
      </section>
    );
  }
  if (c.error) {
    return (
      <section>
        <h1>Case #{caseNumber}</h1>
        <ErrorNote error={c.error} />
      </section>
    );
  }
  const detail = c.data;
  const entries = t.data?.entries ?? [];
  return (
    <section>
      <p>
        <Link to={`/g/${guild.id}/cases`}>← cases</Link>
      </p>
      <h1>
        Case #{detail.caseNumber} <Badge kind={detail.type}>{detail.type}</Badge> <Badge kind={`status-${detail.status}`}>{detail.status}</Badge>
        {detail.hidden ? <Badge kind="bad">hidden</Badge> : null}
      </h1>
      <VerificationBadge guildId={guild.id} caseNumber={detail.caseNumber} />
      {detail.state.status === 'opened' ? <FourEyesNote guildId={guild.id} requestId={detail.state.requestId} /> : null}
      <p className="muted">
        opened <Time at={detail.openedAt} /> · updated <Time at={detail.updatedAt} />
      </p>
      <div className="columns">
        <div>
          <StateView state={detail.state} guildId={guild.id} />
          <Annotate guild={guild} caseNumber={caseNumber} hidden={detail.hidden} />
        </div>
        <div>
          <h2>Timeline</h2>
          <ErrorNote error={t.error} />
          {t.isPending ? <Loading what="the timeline" /> : entries.length === 0 && !t.error ? <Empty>No events yet.</Empty> : null}
          <CaseTimeline guildId={guild.id} caseNumber={caseNumber} entries={entries} />
          {entries.length ? (
            <Suspense fallback={<Loading what="the replay" />}>
              <Replay guildId={guild.id} caseNumber={caseNumber} entries={entries} />
            </Suspense>
          ) : null}
          <CaseAppeals guildId={guild.id} caseNumber={caseNumber} />
        </div>
      </div>
    </section>
  );
};
