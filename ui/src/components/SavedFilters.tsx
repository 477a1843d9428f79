import { useState } from 'react';
import { z } from 'zod';
import { storageKey, useStored } from '../settings/stored.js';

export const SavedFilterSchema = z.array(z.object({ name: z.string().min(1).max(60), query: z.string().max(2000) })).max(50);
export type SavedFilter = z.infer<typeof SavedFilterSchema>[number];

/** Adds (or replaces, by name) a saved filter; the list stays sorted by name. */
export const withFilter = (list: readonly SavedFilter[], f: SavedFilter): SavedFilter[] =>
  [...list.filter((x) => x.name !== f.name), f].sort((a, b) => a.name.localeCompare(b.name)).slice(0, 50);

/**
 * Named filters of a list, remembered per user and guild in this browser. Applying one is
 * navigating to its query string, so a saved filter is also a shareable URL.
 */
export const SavedFilters = ({ userId, scope, current, onApply }: { userId: string; scope: string; current: string; onApply: (query: string) => void }) => {
  const [list, setList] = useStored(storageKey(userId, `filters.${scope}`), SavedFilterSchema, []);
  const [name, setName] = useState('');
  const save = () => {
    const n = name.trim();
    if (!n) return;
    setList(withFilter(list, { name: n, query: current }));
    setName('');
  };
  return (
    <div className="saved-filters" role="group" aria-label="Saved filters">
      <span className="muted small">Saved filters:</span>
      {list.length === 0 ? <span className="muted small">none yet</span> : null}
      {list.map((f) => (
        <span key={f.name} className="row">
          <button type="button" onClick={() => onApply(f.query)} aria-pressed={f.query === current}>
            {f.name}
          </button>
          <button type="button" className="link" aria-label={`Delete saved filter ${f.name}`} onClick={() => setList(list.filter((x) => x.name !== f.name))}>
            ✕
          </button>
        </span>
      ))}
      <label className="check">
        <span className="sr-only">Name for this filter</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="name this filter" maxLength={60} style={{ width: '11rem' }} />
      </label>
      <button type="button" onClick={save} disabled={!name.trim()}>
        Save filter
      </button>
    </div>
  );
};
