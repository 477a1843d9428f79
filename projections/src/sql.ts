import type { PoolClient } from 'pg';

/** A read model column as jsonb_to_recordset declares it: [name, SQL type]. */
export type Column = readonly [name: string, type: string];

/**
 * Inserts many rows in one statement: the rows travel as one jsonb parameter and are typed by
 * `jsonb_to_recordset`, so a batch of events costs one round trip per table, not one per row.
 * Row keys are the column names; ISO strings become timestamptz, arrays text[], objects jsonb.
 */
export const insertRows = async (
  client: PoolClient,
  table: string,
  columns: readonly Column[],
  rows: readonly Readonly<Record<string, unknown>>[],
  conflict = '',
): Promise<void> => {
  if (rows.length === 0) return;
  const names = columns.map(([n]) => n).join(', ');
  const defs = columns.map(([n, t]) => `${n} ${t}`).join(', ');
  await client.query(
    `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${defs}) ${conflict}`,
    [JSON.stringify(rows)],
  );
};

/** `ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c` for every non-key column. */
export const upsertOn = (key: readonly string[], columns: readonly Column[]): string =>
  `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns
    .map(([n]) => n)
    .filter((n) => !key.includes(n))
    .map((n) => `${n} = EXCLUDED.${n}`)
    .join(', ')}`;

/** Positional parameters for a query built from optional filters. */
export class SqlParams {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder (`$3`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE wildcards so a user's text is matched literally (with the default `\` escape). */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
