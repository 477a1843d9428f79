import { z } from '@hono/zod-openapi';

/** One value or several (`?type=ban&type=kick` or `?type=ban,kick`), each checked by `item`. */
export const many = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''))
    .pipe(z.array(item).min(1).max(10))
    .openapi({ type: 'array', items: { type: 'string' }, description: 'repeat the parameter or separate values with commas' });

export const intParam = z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number).openapi({ type: 'integer' });
export const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').openapi({ type: 'boolean' });
/** The kernel's SnowflakeSchema, built again here: zod-openapi's `.openapi()` exists only on schemas made after its extension. */
export const snowflakeParam = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake (1-20 digits)');
export const textParam = (max: number) => z.string().min(1).max(max);
export const instantParam = z.iso.datetime({ offset: true });
export const orderParam = z.enum(['asc', 'desc']);
