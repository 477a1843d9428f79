import type { ReactNode } from 'react';

const narrow = () => typeof matchMedia === 'function' && matchMedia('(max-width: 760px)').matches;

/**
 * A list's filters, folded under "Filters" (open at first on wide screens, closed on phones, where
 * the list matters more than the form); `active` says how many are applied.
 */
export const FilterPanel = ({ active, children }: { active: number; children: ReactNode }) => (
  <details className="filter-panel" open={!narrow()}>
    <summary>
      Filters{active ? ` (${active} applied)` : ''}
    </summary>
    {children}
  </details>
);
