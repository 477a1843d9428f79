import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCases } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { announce } from '../components/announce.js';
import { Badge, Empty, ErrorNote, Loading, Time, UserLink } from '../components/bits.js';
import { TableHead } from '../components/DataTable.js';
import { LoadMore } from '../components/LoadMore.js';
import { Options } from '../components/Options.js';
import { BulkAction, type BulkKind, type BulkTarget } from '../components/BulkAction.js';
import { ExportButtons } from '../components/ExportButtons.js';
import { MemberPicker } from '../components/MemberPicker.js';
import { SavedFilters } from '../components/SavedFilters.js';
import { FilterPanel } from '../components/FilterPanel.js';
import { Link, navigate } from '../router.js';

type Guild = Me['guilds'][number];

const TYPES = ['warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban'] as const;
const STATUSES = ['pending', 'active', 'failed', 'expired', 'lifted', 'closed'] as const;
const FILTERS = ['type', 'status', 'targetId', 'moderatorId', 'text', 'from', 'to', 'includeHidden', 'order'] as const;

const can = (g: Guild, p: Me['guilds'][number]['permissions'][number]) => g.owner || g.permissions.includes('ADMINISTRATOR') || g.permissions.includes(p);
const bulkKinds = (g: Guild): BulkKind[] =>
  [can(g, 'BAN_MEMBERS') ? 'ban' : null, can(g, 'KICK_MEMBERS') ? 'kick' : null, can(g, 'MODERATE_MEMBERS') ? 'timeout' : null].filter((k): k is BulkKind => k !== null);

/**
 * Cases with filters kept in the URL (shareable, back-button friendly, savable by name) and
 * keyset "load more". Select cases to act on their members at once (bulk ban / kick / time out).
 * New cases arriving live are announced politely.
 */
export const CasesPage = ({ guild, search, userId }: { guild: Guild; search: URLSearchParams; userId: string }) => {
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
  const [selected, setSelected] = useState<ReadonlyMap<string, BulkTarget>>(new Map());
  const toggle = (t: BulkTarget) => {
    const next = new Map(selected);
    if (next.has(t.id)) next.delete(t.id);
    else next.set(t.id, t);
    setSelected(next);
  };
  const targetsShown = items.filter((c) => c.target).map((c) => ({ id: c.target!.id, name: c.target!.name }));
  const allShown = targetsShown.length > 0 && targetsShown.every((t) => selected.has(t.id));
  const toggleAll = () => setSelected(allShown ? new Map() : new Map(targetsShown.map((t) => [t.id, t])));
  const kinds = bulkKinds(guild);
  const filterQuery = new URLSearchParams([...filter].filter(([k]) => k !== 'limit')).toString();

  // Say (politely) when live updates bring new cases to the top of the list.
  const newest = items[0]?.caseNumber;
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (newest === undefined) return;
    if (seen.current !== undefined && newest > seen.current) announce(`New case #${newest} in the list.`);
    seen.current = newest;
  }, [newest]);

  return (
    <section>
      <h1>Cases</h1>
      <SavedFilters userId={userId} scope={`cases.${guild.id}`} current={filterQuery} onApply={(query) => navigate(`/g/${guild.id}/cases${query ? `?${query}` : ''}`)} />
      <FilterPanel active={[...filter.keys()].filter((k) => k !== 'limit').length}>
      <form className="filters" onSubmit={apply}>
        <label>
          Type
          <select value={draft.type} onChange={set('type')}>
            <option value="">any</option>
            <Options choices={TYPES} />
          </select>
        </label>
        <label>
          Status
          <select value={draft.status} onChange={set('status')}>
            <option value="">any</option>
            <Options choices={STATUSES} />
          </select>
        </label>
        <MemberPicker guildId={guild.id} label="Member" onPick={(m) => setDraft((d) => ({ ...d, targetId: m.id }))} />
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
      </FilterPanel>
      <ExportButtons guildId={guild.id} kind="cases" filter={filter} what="the cases" />
      <ErrorNote error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>No case matches.</Empty>
      ) : (
        <table className="table cards cases">
          <caption className="sr-only">Cases, newest first unless ordered otherwise</caption>
          <TableHead
            columns={[
              kinds.length ? <input type="checkbox" checked={allShown} onChange={toggleAll} aria-label="Select every member shown" /> : null,
              '#',
              'type',
              'status',
              'member',
              'moderator',
              'reason',
              'opened',
            ]}
          />
          <tbody>
            {items.map((c) => (
              <tr key={c.caseNumber} className={`${c.hidden ? 'hidden-case' : ''} ${c.target && selected.has(c.target.id) ? 'selected' : ''}`}>
                {kinds.length ? (
                  <td data-label="select">
                    {c.target ? (
                      <input
                        type="checkbox"
                        checked={selected.has(c.target.id)}
                        onChange={() => toggle({ id: c.target!.id, name: c.target!.name })}
                        aria-label={`Select ${c.target.name ?? c.target.id} (case #${c.caseNumber})`}
                      />
                    ) : null}
                  </td>
                ) : null}
                <td data-label="case">
                  <Link to={`/g/${guild.id}/cases/${c.caseNumber}`}>#{c.caseNumber}</Link>
                </td>
                <td data-label="type">
                  <Badge kind={c.type}>{c.type}</Badge>
                </td>
                <td data-label="status">
                  <Badge kind={`status-${c.status}`}>{c.status}</Badge>
                  {c.outcome === 'failed' ? <span className="muted small"> Discord refused</span> : null}
                </td>
                <td data-label="member">
                  <UserLink guildId={guild.id} user={c.target} />
                </td>
                <td data-label="moderator">{c.moderator.name}</td>
                <td data-label="reason" className="reason">{c.reason ?? <span className="muted">no reason</span>}</td>
                <td data-label="opened">
                  <Time at={c.openedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {kinds.length ? <BulkAction guildId={guild.id} targets={[...selected.values()]} allowed={kinds} onDone={() => setSelected(new Map())} /> : null}
      <LoadMore pages={q} />
    </section>
  );
};
