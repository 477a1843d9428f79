import type { ReactNode } from 'react';

/**
 * A table's header row, one column header per entry. A `null` entry is left out: a column only
 * some members get (the select-all box of bulk actions) stays in the list where it stands.
 */
export const TableHead = ({ columns }: { columns: readonly ReactNode[] }) => (
  <thead>
    <tr>
      {columns.map((c, i) =>
        c === null ? null : (
          // The columns of a table are fixed, so their place is their identity.
          <th key={i} scope="col">
            {c}
          </th>
        ),
      )}
    </tr>
  </thead>
);

/**
 * A list shown as a table, in the box that scrolls it sideways on a narrow screen: the header
 * row from `columns`, the rows as `children`; `caption` is the table's own <caption> element.
 */
export const DataTable = ({ className = 'table', caption, columns, children }: { className?: string; caption?: ReactNode; columns: readonly ReactNode[]; children: ReactNode }) => (
  <div className="table-wrap">
    <table className={className}>
      {caption}
      <TableHead columns={columns} />
      <tbody>{children}</tbody>
    </table>
  </div>
);
