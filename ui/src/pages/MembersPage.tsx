import { useState, type FormEvent } from 'react';
import { useMembers } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Badge, Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { TableHead } from '../components/DataTable.js';
import { LoadMore } from '../components/LoadMore.js';
import { Options } from '../components/Options.js';
import { FilterPanel } from '../components/FilterPanel.js';
import { Link, navigate } from '../router.js';

type Guild = Me['guilds'][number];

const STATUSES = [
  ['', 'anyone'],
  ['present', 'in the guild'],
  ['left', 'left'],
  ['banned', 'banned'],
  ['timed_out', 'timed out'],
] as const;
const FILTERS = ['q', 'status', 'hasCases'] as const;
type Draft = Record<(typeof FILTERS)[number], string>;

const presence = (p: string) => (p === 'present' ? 'in the guild' : p === 'left' ? 'left' : 'unknown');

/**
 * The member list (`listMembers`): search by name, nickname or id, filter by status and by
 * having cases, keyset "load more". Filters live in the URL (shareable, back-button friendly).
 * Each member opens their profile, where the moderation actions are.
 */
export const MembersPage = ({ guild, search }: { guild: Guild; search: URLSearchParams }) => {
  const filter = new URLSearchParams();
  for (const k of FILTERS) {
    const v = search.get(k)?.trim();
    if (v) filter.set(k, v);
  }
  filter.set('limit', '50');
  const q = useMembers(guild.id, filter);
  const [draft, setDraft] = useState<Draft>(() => Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? ''])) as Draft);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (draft[k].trim()) next.set(k, draft[k].trim());
    navigate(`/g/${guild.id}/members${next.size ? `?${next}` : ''}`, { replace: true });
  };
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const applied = [...filter.keys()].filter((k) => k !== 'limit').length;
  return (
    <section>
      <h1>Members</h1>
      <form className="filters" role="search" aria-label="Find members" onSubmit={apply}>
        <label>
          Name, nickname or id
          <input name="q" type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} maxLength={100} autoComplete="off" />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <FilterPanel active={applied - (filter.has('q') ? 1 : 0)}>
        <form className="filters" onSubmit={apply} aria-label="Member filters">
          <label>
            Status
            <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <Options choices={STATUSES} />
            </select>
          </label>
          <label>
            Cases
            <select name="hasCases" value={draft.hasCases} onChange={(e) => setDraft({ ...draft, hasCases: e.target.value })}>
              <option value="">with or without</option>
              <option value="true">with cases</option>
              <option value="false">without cases</option>
            </select>
          </label>
          <button type="submit">Apply</button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setDraft({ q: '', status: '', hasCases: '' });
              navigate(`/g/${guild.id}/members`, { replace: true });
            }}
          >
            Clear
          </button>
        </form>
      </FilterPanel>
      <ErrorNote error={q.error} />
      {q.isPending ? (
        <Loading what="members" />
      ) : items.length === 0 && !q.error ? (
        <Empty>{applied ? 'No member matches.' : 'Guildhall has seen no member of this guild yet.'}</Empty>
      ) : items.length ? (
        <table className="table cards members">
          <caption className="sr-only">Members, by id{applied ? ', filtered' : ''}</caption>
          <TableHead columns={['member', 'username', 'status', 'joined', 'cases']} />
          <tbody>
            {items.map((m) => (
              <tr key={m.userId}>
                <td data-label="member">
                  <span className="name-and-id">
                    <Link to={`/g/${guild.id}/members/${m.userId}`}>{m.displayName}</Link> <span className="muted small">{m.userId}</span>
                  </span>
                </td>
                <td data-label="username">{m.username ? `@${m.username}` : <span className="muted">—</span>}</td>
                <td data-label="status">{presence(m.presence)}</td>
                <td data-label="joined">
                  <Time at={m.joinedAt} />
                </td>
                <td data-label="cases">{m.caseCount ? <Badge kind="warn">{m.caseCount}</Badge> : <span className="muted">0</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore pages={q} />
    </section>
  );
};
