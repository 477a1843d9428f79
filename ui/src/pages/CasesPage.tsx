import { useState, type FormEvent } from 'react';
import { useCases } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { Link, navigate } from '../router.js';

type Guild = Me['guilds'][number];

const TYPES = ['warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban'] as const;
const STATUSES = ['pending', 'active', 'failed', 'expired', 'lifted', 'closed'] as const;
const FILTERS = ['type', 'status', 'targetId', 'moderatorId', 'text', 'from', 'to', 'includeHidden', 'order'] as const;

/** Cases with filters kept in the URL (shareable, back-button friendly) and keyset "load more". */
export const CasesPage = ({ guild, search }: { guild: Guild; search: URLSearchParams }) => {
  const filter = new URLSearchParams();
  for (const k of FILTERS) for (const v of search.getAll(k)) if (v) filter.append(k, v);
  filter.set('limit', '25');
  const q = useCases(guild.id, filter);
  const [draft, setDraft] = useState(() => Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = draft[k].trim();
      if (!v) continue;
      next.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
    }
    navigate(`/g/${guild.id}/cases${next.size ? `?${next}` : ''}`);
  };
  const set = (k: (typeof FILTERS)[number]) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <h1>Cases</h1>
      <form className="filters" onSubmit={apply}>
        <label>
          Type
          <select value={draft.type} onChange={set('type')}>
            <option value="">any</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={draft.status} onChange={set('status')}>
            <option value="">any</option>
            {STATUSES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Member id
          <input value={draft.targetId} onChange={set('targetId')} placeholder="snowflake" inputMode="numeric" />
        </label>
        <label>
          Moderator id
          <input value={draft.moderatorId} onChange={set('moderatorId')} placeholder="id" />
        </label>
        <label>
          Text
          <input value={draft.text} onChange={set('text')} placeholder="in reason or notes" />
        </label>
        <label>
          From
          <input type="datetime-local" value={draft.from ? draft.from.slice(0, 16) : ''} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" value={draft.to ? draft.to.slice(0, 16) : ''} onChange={set('to')} />
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.includeHidden === 'true'} onChange={(e) => setDraft({ ...draft, includeHidden: e.target.checked ? 'true' : '' })} /> hidden too
        </label>
        <label>
          Order
          <select value={draft.order} onChange={set('order')}>
            <option value="">newest first</option>
            <option value="asc">oldest first</option>
          </select>
        </label>
        <button type="submit">Apply</button>
        <button type="button" className="link" onClick={() => navigate(`/g/${guild.id}/cases`)}>
          Clear
        </button>
      </form>
      <ErrorNote error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>No case matches.</Empty>
      ) : (
        <table className="table cases">
          <thead>
            <tr>
              <th>#</th>
              <th>type</th>
              <th>status</th>
              <th>member</th>
              <th>moderator</th>
              <th>reason</th>
              <th>opened</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.caseNumber} className={c.hidden ? 'hidden-case' : ''}>
                <td>
                  <Link to={`/g/${guild.id}/cases/${c.caseNumber}`}>#{c.caseNumber}</Link>
                </td>
                <td>
                  <Badge kind={c.type}>{c.type}</Badge>
                </td>
                <td>
                  <Badge kind={`status-${c.status}`}>{c.status}</Badge>
                  {c.outcome === 'failed' ? <span className="muted small"> Discord refused</span> : null}
                </td>
                <td>
                  <UserLink guildId={guild.id} user={c.target} />
                </td>
                <td>{c.moderator.name}</td>
                <td className="reason">{c.reason ?? <span className="muted">no reason</span>}</td>
                <td>
                  <Time at={c.openedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.hasNextPage ? (
        <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
};
