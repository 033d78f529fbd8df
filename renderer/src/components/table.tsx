import type { ReactNode } from 'react';
import './table.css';

/** A plain, accessible data table with a caption for screen readers. */
export function Table({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: { label: ReactNode; className?: string }[];
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={column.className}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
