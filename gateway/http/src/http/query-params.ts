import type { Context } from 'hono';
import { z } from 'zod';
import { invalidInput } from './api-error.js';

/** `?a=1&b=2&b=3` → `{ a: '1', b: ['2', '3'] }`: repeated parameters become arrays. */
export const queryObject = (c: Context): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));

/** Parses the query string with a zod schema; 400 INVALID_QUERY naming the parameter otherwise. */
export const parseQueryString = <S extends z.ZodType>(c: Context, schema: S): z.output<S> => {
  const result = schema.safeParse(queryObject(c));
  if (!result.success) throw invalidInput('INVALID_QUERY', result.error);
  return result.data;
};

/** One value or several (`?type=ban&type=kick` or `?type=ban,kick`), each checked by `item`. */
export const many = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''))
    .pipe(z.array(item).min(1).max(10));

export const intParam = z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number);
export const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
export const snowflakeParam = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake (1-20 digits)');
export const textParam = (max: number) => z.string().min(1).max(max);
