import { useQuery } from '@tanstack/react-query';
import { useCases, useOverview } from '../api/queries.js';
import type { BotStatusView, Me } from '../api/types.js';
import { Badge, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { botStatusKey } from '../live/useLiveUpdates.js';
import { Link } from '../router.js';

type Guild = Me['guilds'][number];

const Stat = ({ label, value, hint }: { label: string; value: number | string; hint?: string }) => (
  <div className="stat">
    <span className="stat-value">{value}</span>
    <span className="stat-label">{label}</span>
    {hint ? <span className="muted small">{hint}</span> : null}
  </div>
);

const BotStatus = ({ status }: { status: BotStatusView | null | undefined }) => {
  if (!status) return <Stat label="bot" value="unknown" hint="no status received" />;
  const state = status.stale ? 'silent' : status.state;
  const ping = status.shards.map((s) => s.pingMs).find((p) => p !== null);
  return (
    <div className="stat">
      <span className="stat-value">
        <Badge kind={state === 'ready' ? 'ok' : state === 'degraded' || state === 'starting' ? 'warn' : 'bad'}>{state}</Badge>
      </span>
      <span className="stat-label">bot {status.botUser ? `(${status.botUser.name})` : ''}</span>
      <span className="muted small">
        {status.target}
        {ping !== undefined ? ` · ${ping} ms` : ''} · updated <Time at={status.at} />
      </span>
    </div>
  );
};

export const OverviewPage = ({ guild }: { guild: Guild }) => {
  const q = useOverview(guild.id);
  const live = useQuery<BotStatusView | null>({ queryKey: botStatusKey, queryFn: () => null, enabled: false });
  const recent = useCases(guild.id, new URLSearchParams({ limit: '8' }));
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} />;
  const { overview, counts, bot } = q.data;
  return (
    <section>
      <h1>Overview</h1>
      <div className="stats">
        <Stat label="members" value={overview.memberCount} />
        <Stat label="online" value={overview.onlineCount} hint={overview.presence ? `sampled ${new Date(overview.presence.sampledAt).toLocaleTimeString()}` : 'no presence sample yet'} />
        <Stat label="cases today" value={overview.casesToday} />
        <Stat label="cases this week" value={overview.casesThisWeek} hint={`${counts.total} in all`} />
        <Stat label="open temporary actions" value={overview.openTemporaryActions} />
        <BotStatus status={live.data ?? bot} />
      </div>
      {overview.nextDue.length ? (
        <>
          <h2>Next to expire</h2>
          <ul className="plain">
            {overview.nextDue.map((d) => (
              <li key={d.caseNumber}>
                <Link to={`/g/${guild.id}/cases/${d.caseNumber}`}>#{d.caseNumber}</Link> {d.action} of <UserLink guildId={guild.id} user={d.target} /> ends <Time at={d.dueAt} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>
        Recent cases <Link to={`/g/${guild.id}/cases`} className="small">all cases →</Link>
      </h2>
      {recent.data?.pages[0]?.items.length ? (
        <table className="table">
          <tbody>
            {recent.data.pages[0].items.map((c) => (
              <tr key={c.caseNumber}>
                <td>
                  <Link to={`/g/${guild.id}/cases/${c.caseNumber}`}>#{c.caseNumber}</Link>
                </td>
                <td>
                  <Badge kind={c.type}>{c.type}</Badge>
                </td>
                <td>
                  <UserLink guildId={guild.id} user={c.target} />
                </td>
                <td className="muted">{c.reason ?? 'no reason'}</td>
                <td>
                  <Time at={c.openedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No cases yet.</p>
      )}
    </section>
  );
};
