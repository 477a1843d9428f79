import { DomainError, SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';

/** Stable code for a query whose input does not match its schema (the HTTP layer answers 400). */
export const INVALID_QUERY = 'INVALID_QUERY';

/**
 * Validates a query's input with its zod schema; throws DomainError INVALID_QUERY naming the
 * first bad field, e.g. `limit: Too big: expected number to be <=200`.
 */
export const parseQuery = <S extends z.ZodType>(name: string, schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || '(input)', reason: i.message }));
  const first = issues[0]!;
  throw new DomainError(INVALID_QUERY, `${name}: ${first.field}: ${first.reason}`, { query: name, issues });
};

export { SnowflakeSchema };
export const GuildIdSchema = SnowflakeSchema;
export const LimitSchema = z.number().int().min(1).max(200).default(50);
export const OrderSchema = z.enum(['asc', 'desc']).default('desc');
/** An instant as ISO-8601 text or a Date. */
export const InstantInputSchema = z.union([z.iso.datetime({ offset: true }), z.date()]).transform((v) => new Date(v));

/** A page of rows and the cursor of the next page (null on the last page). */
export type Page<T> = Readonly<{ items: readonly T[]; nextCursor: string | null }>;

/**
 * Keyset cursors: the sort key of the last row of a page, base64url JSON, tagged with the query
 * and order it belongs to so a cursor from another list is refused rather than misread.
 */
export const encodeCursor = (query: string, order: 'asc' | 'desc', key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify({ q: query, o: order, k: key })).toString('base64url');

const CursorSchema = z.object({ q: z.string(), o: z.enum(['asc', 'desc']), k: z.array(z.union([z.string(), z.number()])) });

export const decodeCursor = <K extends z.ZodTuple>(query: string, order: 'asc' | 'desc', cursor: string, key: K): z.output<K> => {
  const bad = (why: string): never => {
    throw new DomainError(INVALID_QUERY, `${query}: cursor: ${why}`, { query, issues: [{ field: 'cursor', reason: why }] });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return bad('not a cursor');
  }
  const parsed = CursorSchema.safeParse(raw);
  if (!parsed.success) return bad('not a cursor');
  if (parsed.data.q !== query) return bad(`a cursor of ${parsed.data.q}, not of ${query}`);
  if (parsed.data.o !== order) return bad(`a cursor for order ${parsed.data.o}, not ${order}`);
  const k = key.safeParse(parsed.data.k);
  return k.success ? k.data : bad('not a cursor of this list');
};

/** Splits the `limit + 1` rows a keyset query fetched into a page and its next cursor. */
export const pageOf = <R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => string,
): Page<T> => {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), nextCursor: more ? cursorOf(kept[kept.length - 1]!) : null };
};
