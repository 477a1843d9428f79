import { useState, type FormEvent } from 'react';
import { useAuditLog } from '../api/queries.js';
import type { Me } from '../api/types.js';
import { Empty, ErrorNote, Loading, Time } from '../components/bits.js';
import { TableHead } from '../components/DataTable.js';
import { LoadMore } from '../components/LoadMore.js';
import { Options } from '../components/Options.js';
import { VerificationBadge } from '../components/VerificationBadge.js';
import { ExportButtons } from '../components/ExportButtons.js';
import { FilterPanel } from '../components/FilterPanel.js';
import { MemberPicker } from '../components/MemberPicker.js';

type Guild = Me['guilds'][number];

/** Where an event may have come from (the audit log's `source` filter). */
const SOURCES = ['web', 'slash-command', 'discord', 'scheduler', 'api', 'automod'];

/** Every event of the guild in store order: who, from where, why (correlation), and the payload. */
export const AuditPage = ({ guild }: { guild: Guild }) => {
  const [draft, setDraft] = useState({ type: '', actorId: '', correlationId: '', source: '' });
  const [applied, setApplied] = useState(draft);
  const filter = new URLSearchParams({ limit: '50' });
  for (const [k, v] of Object.entries(applied)) if (v.trim()) filter.set(k, v.trim());
  const q = useAuditLog(guild.id, filter);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  return (
    <section>
      <h1>Audit log</h1>
      <VerificationBadge guildId={guild.id} />
      <FilterPanel active={Object.values(applied).filter((v) => v.trim()).length}>
      <form className="filters" onSubmit={apply}>
        <label>
          Event type
          <input value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })} placeholder="e.g. CaseOpened" />
        </label>
        <MemberPicker guildId={guild.id} label="Actor" onPick={(m) => setDraft((d) => ({ ...d, actorId: m.id }))} />
        <label>
          Actor id
          <input value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })} />
        </label>
        <label>
          Correlation id
          <input value={draft.correlationId} onChange={(e) => setDraft({ ...draft, correlationId: e.target.value })} />
        </label>
        <label>
          Source
          <select value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })}>
            <option value="">any</option>
            <Options choices={SOURCES} />
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      </FilterPanel>
      <ExportButtons guildId={guild.id} kind="audit-log" filter={filter} what="the audit log" />
      <ErrorNote error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>No events.</Empty>
      ) : (
        <table className="table cards audit">
          <TableHead columns={['position', 'event', 'stream', 'actor', 'source', 'when']} />
          <tbody>
            {items.map((e) => (
              <tr key={e.eventId}>
                <td data-label="position" className="muted">{e.position}</td>
                <td data-label="event">
                  <details>
                    <summary>{e.type}</summary>
                    <pre>{JSON.stringify(e.payload, null, 2)}</pre>
                    <p className="muted small">
                      correlation{' '}
                      <button type="button" className="link" onClick={() => { const next = { ...draft, correlationId: e.correlationId }; setDraft(next); setApplied(next); }}>
                        {e.correlationId}
                      </button>
                    </p>
                  </details>
                </td>
                <td data-label="stream" className="small">
                  {e.streamId}@{e.version}
                </td>
                <td data-label="actor">
                  {e.actor.name} <span className="muted small">{e.actor.kind}</span>
                </td>
                <td data-label="source">{e.source}</td>
                <td data-label="when">
                  <Time at={e.occurredAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pages={q} />
    </section>
  );
};
