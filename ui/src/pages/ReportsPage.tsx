import { useState, type FormEvent } from 'react';
import { useDismissReport, useReports, type Report, type ReportStatus } from '../api/reports.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { Link } from '../router.js';

type Guild = Me['guilds'][number];

/** The moderation form, prefilled with the reported member and the report (its case then resolves the report). */
export const actHref = (guildId: string, r: Report, action: 'BanMember' | 'TimeoutMember' | 'WarnMember'): string => {
  const q = new URLSearchParams({ action, target: r.filing.target.id, name: r.filing.target.name ?? '', report: r.reportId });
  return `/g/${guildId}/moderate?${q}`;
};

/**
 * Members' reports ("Report message" / "Report member" in Discord): the open queue, newest
 * first, each with the reported member, the reporter and the quoted message; act (ban, time
 * out, warn: the form opens prefilled) or dismiss with a reason. Below, the resolved ones.
 */
export const ReportsPage = ({ guild }: { guild: Guild }) => {
  const [status, setStatus] = useState<ReportStatus>('open');
  return (
    <section>
      <h1>Reports</h1>
      <p className="muted">What members reported in Discord (right-click → Apps → Report message / Report member). Acting on a report resolves it with the case it opens.</p>
      <div className="row" role="group" aria-label="Which reports">
        {(['open', 'resolved'] as const).map((s) => (
          <button key={s} type="button" className={status === s ? 'primary' : 'secondary'} aria-pressed={status === s} onClick={() => setStatus(s)}>
            {s === 'open' ? 'Open' : 'Resolved'}
          </button>
        ))}
      </div>
      <Queue guild={guild} status={status} />
    </section>
  );
};

const Queue = ({ guild, status }: { guild: Guild; status: ReportStatus }) => {
  const list = useReports(guild.id, status);
  const dismiss = useDismissReport(guild.id);
  const [dismissing, setDismissing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState('');
  if (list.isPending) return <Loading what="reports" />;
  if (list.error) return <ErrorNote error={list.error} />;
  const reports = list.data.items;
  const submit = (e: FormEvent, r: Report) => {
    e.preventDefault();
    dismiss.mutate(
      { reportId: r.reportId, reason: reason.trim() },
      { onSuccess: () => { setDismissing(null); setReason(''); setDone(`Dismissed the report about ${r.filing.target.name ?? r.filing.target.id}.`); } },
    );
  };
  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">{done}</p>
      {dismiss.error ? <ErrorNote error={dismiss.error} /> : null}
      {reports.length === 0 ? (
        <Empty>{status === 'open' ? 'No open reports: nothing waits for a moderator.' : 'No resolved reports yet.'}</Empty>
      ) : (
        <ul className="plain reports" aria-label={status === 'open' ? 'Open reports' : 'Resolved reports'} aria-live="polite">
          {reports.map((r) => {
            const who = r.filing.target.name ?? r.filing.target.id;
            return (
              <li key={r.reportId} className="card">
                <p>
                  <Badge kind={r.status === 'open' ? 'pending' : 'ok'}>{r.status}</Badge> <strong>{r.filing.messageId ? 'Message' : 'Member'} report</strong> about{' '}
                  <UserLink guildId={guild.id} user={r.filing.target} />
                </p>
                {r.filing.excerpt ? <blockquote className="excerpt">{r.filing.excerpt}</blockquote> : null}
                <p className="muted small">
                  Reported by <UserLink guildId={guild.id} user={r.filing.reporter} /> <Time at={r.filing.filedAt} />
                  {r.filing.reason ? <> · “{r.filing.reason}”</> : null}
                </p>
                {r.resolution ? (
                  <p className="small">
                    {r.resolution.resolution.kind === 'acted' ? (
                      <>Acted: <Link to={`/g/${guild.id}/cases/${r.resolution.resolution.caseNumber}`}>case #{r.resolution.resolution.caseNumber}</Link></>
                    ) : (
                      <>Dismissed: “{r.resolution.resolution.reason}”</>
                    )}{' '}
                    by <UserLink guildId={guild.id} user={r.resolution.resolvedBy} /> <Time at={r.resolution.resolvedAt} />
                  </p>
                ) : dismissing === r.reportId ? (
                  <form className="row" onSubmit={(e) => submit(e, r)} aria-label={`Dismiss the report about ${who}`}>
                    <label>
                      Why <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={512} required autoFocus />
                    </label>
                    <button type="submit" disabled={dismiss.isPending}>Dismiss</button>
                    <button type="button" className="link" onClick={() => setDismissing(null)}>Cancel</button>
                  </form>
                ) : (
                  <div className="row">
                    <Link className="button" to={actHref(guild.id, r, 'BanMember')}>Ban…<span className="sr-only"> {who} for this report</span></Link>
                    <Link className="button" to={actHref(guild.id, r, 'TimeoutMember')}>Time out…<span className="sr-only"> {who} for this report</span></Link>
                    <Link className="button" to={actHref(guild.id, r, 'WarnMember')}>Warn…<span className="sr-only"> {who} for this report</span></Link>
                    <button type="button" className="secondary" onClick={() => setDismissing(r.reportId)} aria-label={`Dismiss the report about ${who}`}>Dismiss…</button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
};
