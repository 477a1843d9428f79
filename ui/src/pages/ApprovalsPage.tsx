import { useState, type FormEvent } from 'react';
import { useApprovals, useDecideApproval, useFourEyesSettings, useSaveFourEyes, type Approval, type FourEyesAct } from '../api/approvals.js';
import { useChannels } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { Link } from '../router.js';
import { isAdminLevel } from '../nav.js';

type Guild = Me['guilds'][number];

const ACT_LABEL: Record<FourEyesAct, string> = { ban: 'Bans', 'bulk-action': 'Bulk actions from the threshold on', 'hide-case': 'Hiding a case', 'appeal-decision': 'Appeal decisions (approve or deny)' };
const STATUS_KIND: Record<Approval['status'], string> = { pending: 'pending', approved: 'ok', executed: 'applied', denied: 'rejected', expired: 'failed' };

/**
 * Pending approvals (four-eyes): what other moderators asked for and waits for a second pair of
 * eyes — who asked, what, until when — with approve and deny; below, what was decided; and, for
 * admins, the guild's four-eyes rules.
 */
export const ApprovalsPage = ({ guild, userId }: { guild: Guild; userId: string }) => {
  const admin = isAdminLevel(guild.level);
  const [showDecided, setShowDecided] = useState(false);
  return (
    <section>
      <h1>Pending approvals</h1>
      <p className="muted">Acts the guild puts behind four eyes wait here for a second moderator. You cannot decide on your own requests.</p>
      <Queue guild={guild} userId={userId} status="pending" />
      <button type="button" className="link" aria-expanded={showDecided} onClick={() => setShowDecided(!showDecided)}>
        {showDecided ? 'Hide decided requests' : 'Show decided requests'}
      </button>
      {showDecided ? <Queue guild={guild} userId={userId} status="decided" /> : null}
      {admin ? <Rules guildId={guild.id} /> : null}
    </section>
  );
};

const Queue = ({ guild, userId, status }: { guild: Guild; userId: string; status: 'pending' | 'decided' }) => {
  const list = useApprovals(guild.id, status);
  const decide = useDecideApproval(guild.id);
  const [denying, setDenying] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  if (list.isPending) return <Loading what="approvals" />;
  if (list.error) return <ErrorNote error={list.error} />;
  const approvals = list.data.approvals;
  if (approvals.length === 0) return <Empty>{status === 'pending' ? 'Nothing is waiting for a second moderator.' : 'No decided requests yet.'}</Empty>;
  const deny = (e: FormEvent, approvalId: string) => {
    e.preventDefault();
    decide.mutate({ approvalId, decision: 'deny', reason: reason.trim() || null }, { onSuccess: () => { setDenying(null); setReason(''); } });
  };
  return (
    <>
      {status === 'decided' ? <h2>Decided</h2> : null}
      {decide.error ? <ErrorNote error={decide.error} /> : null}
      <ul className="plain approvals" aria-label={status === 'pending' ? 'Requests waiting for a second moderator' : 'Decided requests'}>
        {approvals.map((a) => {
          const own = a.requestedBy.id === userId;
          return (
            <li key={a.approvalId} className="card">
              <p>
                <Badge kind={STATUS_KIND[a.status]}>{a.status}</Badge> <strong>{a.summary.text}</strong>
              </p>
              <p className="muted small">
                Asked by <UserLink guildId={guild.id} user={a.requestedBy} /> <Time at={a.requestedAt} />
                {a.status === 'pending' ? <> · expires <Time at={a.expiresAt} /></> : null}
                {a.decidedBy ? <> · {a.status === 'denied' ? 'denied' : 'approved'} by <UserLink guildId={guild.id} user={a.decidedBy} /> <Time at={a.decidedAt} /></> : null}
                {a.denialReason ? <> · “{a.denialReason}”</> : null}
                {a.execution?.outcome === 'rejected' ? <> · not carried out: <code>{a.execution.code}</code> {a.execution.message}</> : null}
              </p>
              {a.act === 'appeal-decision' && a.summary.caseNumber !== null ? (
                <p className="small">
                  <Link to={`/g/${guild.id}/cases/${a.summary.caseNumber}`}>Case #{a.summary.caseNumber}</Link> · <Link to={`/g/${guild.id}/appeals?status=all`}>the appeal in the review queue</Link>
                  {a.status === 'pending' ? ' · neither the case’s moderator nor the member may let it through' : null}
                </p>
              ) : null}
              {a.summary.targets.length > 1 ? (
                <details>
                  <summary>{a.summary.targets.length} members</summary>
                  <ul className="plain small">{a.summary.targets.map((t) => <li key={t.id}>{t.name ?? t.id} <span className="muted">{t.id}</span></li>)}</ul>
                </details>
              ) : null}
              {a.status === 'pending' ? (
                own ? (
                  <p className="muted small">Your request: another moderator decides.</p>
                ) : denying === a.approvalId ? (
                  <form className="row" onSubmit={(e) => deny(e, a.approvalId)} aria-label={`Deny: ${a.summary.text}`}>
                    <label>
                      Why <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={512} />
                    </label>
                    <button type="submit" disabled={decide.isPending}>Deny</button>
                    <button type="button" className="link" onClick={() => setDenying(null)}>Cancel</button>
                  </form>
                ) : (
                  <div className="row">
                    <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ approvalId: a.approvalId, decision: 'approve' })} aria-label={`Approve: ${a.summary.text}`}>
                      Approve
                    </button>
                    <button type="button" className="secondary" onClick={() => setDenying(a.approvalId)} aria-label={`Deny: ${a.summary.text}`}>
                      Deny…
                    </button>
                  </div>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
};

const ACTS: FourEyesAct[] = ['ban', 'bulk-action', 'hide-case', 'appeal-decision'];

/** The admins' form: which acts wait, from how many members a bulk action waits, and how long a request waits. */
const Rules = ({ guildId }: { guildId: string }) => {
  const settings = useFourEyesSettings(guildId);
  if (settings.isPending) return <Loading what="four-eyes rules" />;
  if (settings.error) return <ErrorNote error={settings.error} />;
  return <RulesForm guildId={guildId} initial={settings.data} key={settings.data.configured?.configuredAt ?? 'never'} />;
};

const RulesForm = ({ guildId, initial }: { guildId: string; initial: NonNullable<ReturnType<typeof useFourEyesSettings>['data']> }) => {
  const save = useSaveFourEyes(guildId);
  const [acts, setActs] = useState<FourEyesAct[]>(initial.acts);
  const [threshold, setThreshold] = useState(String(initial.bulkThreshold));
  const [hours, setHours] = useState(String(initial.expirySeconds / 3600));
  const [staff, setStaff] = useState(initial.staffChannelId ?? '');
  const channels = useChannels(guildId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ acts, bulkThreshold: Number(threshold), expirySeconds: Math.round(Number(hours) * 3600), staffChannelId: staff.trim() || null });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="four-eyes-title">
      <h2 id="four-eyes-title">Four-eyes rules</h2>
      <fieldset>
        <legend>Wait for a second moderator before</legend>
        {ACTS.map((a) => (
          <label key={a}>
            <input type="checkbox" checked={acts.includes(a)} onChange={(e) => setActs(e.target.checked ? [...acts, a] : acts.filter((x) => x !== a))} /> {ACT_LABEL[a]}
          </label>
        ))}
      </fieldset>
      <label>
        Bulk threshold (members) <input type="number" min={2} max={200} value={threshold} onChange={(e) => setThreshold(e.target.value)} required />
      </label>
      <label>
        A request expires after (hours) <input type="number" min={0.1} max={168} step={0.1} value={hours} onChange={(e) => setHours(e.target.value)} required />
      </label>
      <label>
        Staff channel <span className="muted small">(the bot posts each request there with Approve / Deny buttons)</span>
        {channels.data?.channels.length ? (
          <select value={staff} onChange={(e) => setStaff(e.target.value)}>
            <option value="">none (dashboard only)</option>
            {channels.data.channels.map((c) => (
              <option key={c.id} value={c.id}>
                #{c.name}
              </option>
            ))}
          </select>
        ) : (
          <input value={staff} onChange={(e) => setStaff(e.target.value)} placeholder="channel id (empty: dashboard only)" inputMode="numeric" />
        )}
      </label>
      <button type="submit" disabled={save.isPending}>Save rules</button>
      {save.error ? <ErrorNote error={save.error} /> : null}
      {save.isSuccess ? <p className="ok" role="status">Saved.</p> : null}
      {initial.history.length ? (
        <details>
          <summary>History ({initial.history.length})</summary>
          <ul className="plain small">
            {[...initial.history].reverse().map((h) => (
              <li key={h.configuredAt}>
                <Time at={h.configuredAt} /> {h.configuredBy.name}: {h.acts.length ? h.acts.join(', ') : 'off'}, bulk ≥ {h.bulkThreshold}, expires after {Math.round((h.expirySeconds / 3600) * 10) / 10} h
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="muted small">Four-eyes has never been turned on here.</p>
      )}
    </form>
  );
};
