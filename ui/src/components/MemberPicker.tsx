import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { z } from 'zod';
import { apiGet, ApiError } from '../api/client.js';

/** `GET /api/guilds/:guildId/member-search?q=` (operationId searchMembers), read into the picker's shape. */
export const MemberSearchSchema = z
  .object({
    members: z.array(z.object({ userId: z.string(), username: z.string().nullable().optional(), displayName: z.string().nullable().optional(), nickname: z.string().nullable().optional() })),
  })
  .transform((r) => ({ members: r.members.map(({ userId, ...m }) => ({ id: userId, ...m })) }));
export type FoundMember = z.output<typeof MemberSearchSchema>['members'][number];
export const memberLabel = (m: FoundMember): string => m.nickname ?? m.displayName ?? m.username ?? m.id;

const useDebounced = (v: string, ms: number) => {
  const [d, setD] = useState(v);
  useEffect(() => {
    const t = setTimeout(() => setD(v), ms);
    return () => clearTimeout(t);
  }, [v, ms]);
  return d;
};

/**
 * Find a member by name, nickname or id: an ARIA combobox (type, ↑/↓ to move, Enter to pick,
 * Escape to close). Picking calls onPick with the member's id and name.
 */
export const MemberPicker = ({ guildId, onPick, label = 'Find a member' }: { guildId: string; onPick: (m: { id: string; name: string | null }) => void; label?: string }) => {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const id = useId();
  const search = useQuery({
    queryKey: ['member_profiles', guildId, 'search', q],
    enabled: q.length >= 2,
    retry: false,
    staleTime: 30_000,
    queryFn: async () => MemberSearchSchema.parse(await apiGet<unknown>(`/api/guilds/${guildId}/member-search?q=${encodeURIComponent(q)}`)).members,
  });
  const found = search.data ?? [];
  const pick = (m: FoundMember) => {
    onPick({ id: m.id, name: memberLabel(m) });
    setText(memberLabel(m));
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(found.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && open && found[active]) {
      e.preventDefault();
      pick(found[active]);
    } else if (e.key === 'Escape') setOpen(false);
  };
  const unavailable = search.error instanceof ApiError && search.error.status === 404;
  const showList = open && q.length >= 2 && found.length > 0;
  return (
    <div className="picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-expanded={showList}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={showList && found[active] ? `${id}-opt-${active}` : undefined}
        value={text}
        placeholder="name, nickname or id"
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKey}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <ul id={`${id}-list`} role="listbox" className="picker-list" hidden={!showList} aria-label="Members found">
        {found.map((m, i) => (
          <li key={m.id} id={`${id}-opt-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(m)}>
            <b>{memberLabel(m)}</b> {m.username ? <span className="muted small">@{m.username}</span> : null} <span className="muted small">{m.id}</span>
          </li>
        ))}
      </ul>
      <span className="muted small" aria-live="polite">
        {q.length < 2 ? '' : search.isFetching ? 'Searching…' : unavailable ? 'Member search is not available on this server yet: enter the id below.' : search.error ? 'Search failed; enter the id below.' : found.length === 0 ? 'No member matches.' : `${found.length} found`}
      </span>
    </div>
  );
};
