import type { Context } from 'hono';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { validate } from './body.js';
import type { RestEnv } from './env.js';

/** The bot's user id; REST routes other than OAuth2 user routes are for the bot token only. */
export const botId = (c: Context<RestEnv>): string => {
  const auth = c.get('auth');
  if (auth.kind !== 'bot') throw Errors.unauthorized();
  return auth.userId;
};

/** 204 with no Content-Type: discord.js parses any JSON-typed body, even an empty one. */
export const noContent = (): Response => new Response(null, { status: 204 });

export const json = (data: unknown, status = 200): Response =>
  new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

export const snowflake = z.string().regex(/^\d{1,21}$/, 'Value is not snowflake.');

/** Query strings validated like bodies (Discord answers 50035 for bad query values too). */
export const query = <S extends z.ZodType>(c: Context<RestEnv>, schema: S): z.infer<S> => validate(schema, c.req.query());

export const intQuery = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);
