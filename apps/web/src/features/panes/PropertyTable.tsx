import type { ReactNode } from 'react';

/** A two-column list of properties; empty values show as a dash so rows never shift. */
export function PropertyTable({ rows }: { readonly rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="properties">
      {rows.map(([name, value]) => (
        <div key={name} className="property">
          <dt>{name}</dt>
          <dd>{value === undefined || value === null || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}
