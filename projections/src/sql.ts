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

/**
 * A date range over a list kept in store order (position): the range's exact position bounds,
 * read from a (guild_id, occurred_at, position) index. Without them the planner, assuming
 * matches are spread evenly, walks the position index back from the newest row and filters,
 * which for an old week means reading everything newer. Rows keep the time filter too (times
 * are not strictly monotonic in position), so the bounds only narrow the scan.
 */
export const positionWithin = (p: SqlParams, table: string, guildParam: string, from: Date | undefined, to: Date | undefined): string[] => {
  if (!from && !to) return [];
  const time = [from ? `occurred_at >= ${p.add(from)}` : '', to ? `occurred_at < ${p.add(to)}` : ''].filter(Boolean);
  const range = `FROM ${table} WHERE guild_id = ${guildParam} AND ${time.join(' AND ')}`;
  return [...time, `position >= (SELECT min(position) ${range})`, `position <= (SELECT max(position) ${range})`];
};
