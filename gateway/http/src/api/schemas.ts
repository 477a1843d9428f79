import { z } from '@hono/zod-openapi';

export const Snowflake = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake (1-20 digits)').openapi({ example: '1052345678901234567' });

export const GuildParams = z.object({ guildId: Snowflake });
export const CaseParams = GuildParams.extend({ caseNumber: z.string().regex(/^\d{1,9}$/, 'must be a positive whole number').transform(Number).pipe(z.number().int().min(1, 'must be a positive whole number')).openapi({ type: 'integer', example: '12' }) });
export const MemberParams = GuildParams.extend({ userId: Snowflake });

/** A JSON object whose full shape is the read model's (documented by its named fields). */
export const loose = <T extends z.ZodRawShape>(name: string, shape: T) => z.looseObject(shape).openapi(name);

/** A keyset page: `items` and the cursor of the next page (null on the last). */
export const page = <T extends z.ZodType>(name: string, item: T) =>
  z.object({ items: z.array(item).readonly(), nextCursor: z.string().nullable() }).openapi(name);

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
