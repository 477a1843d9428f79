import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { invalidInput } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { authorize } from '../middleware/authorize.js';
import type { AccessRule } from './access-rule.js';

export { z };

/** The one error shape of the API. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'INVALID_QUERY' }),
      reason: z.string().openapi({ example: 'must be a whole number' }),
      field: z.string().optional().openapi({ example: 'limit' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** Error answers every route may give, by its rule. */
const errorResponses = (rule: AccessRule) => ({
  400: error('Bad input: the field and the reason (INVALID_QUERY, INVALID_BODY, INVALID_COMMAND, INVALID_TEXT, INVALID_JSON)'),
  ...(rule.kind === 'public' ? {} : { 401: error('No session or API token (UNAUTHENTICATED, INVALID_TOKEN)') }),
  ...(rule.kind === 'public' ? {} : { 403: error('Not allowed: GUILD_FORBIDDEN, FORBIDDEN (needs a level or a scope), CSRF_REJECTED') }),
  413: error('Body above 64 KiB (PAYLOAD_TOO_LARGE)'),
  415: error('Body not application/json'),
  429: error('Rate limited (RATE_LIMITED); see Retry-After'),
  503: error('A dependency is down (READ_MODEL_UNAVAILABLE, ...)'),
});

const securityOf = (rule: AccessRule) => (rule.kind === 'public' ? [] : rule.kind === 'self' || (rule.kind === 'signed-in' && !rule.tokens) ? [{ session: [] }] : [{ session: [] }, { bearer: [] }]);

/** What the guild rule means, for the document's readers. */
const accessNote = (rule: AccessRule): string =>
  rule.kind === 'public'
    ? 'Public.'
    : rule.kind === 'self'
      ? "The signed-in member's own record: any dashboard session, with or without a level; API tokens may not."
      : rule.kind === 'signed-in'
      ? `Any signed-in user${rule.tokens ? ' or API token' : ''}.`
      : `Level ${rule.level} or above in the guild${rule.scope ? `, or an API token of the guild with scope \`${rule.scope}\`` : '; API tokens may not'}.`;

export type ApiRouteConfig = Omit<RouteConfig, 'security' | 'middleware'> & Readonly<{ operationId: string; access: AccessRule; middleware?: MiddlewareHandler<AppEnv>[] }>;

/**
 * A route of the API: zod-described request and answers, its access rule (enforced by the
 * `authorize` middleware, stated in the document as `security` and `x-guildhall-access`), and
 * the error answers every route can give. Every route goes through here, so none lacks a rule.
 */
export const apiRoute = <R extends ApiRouteConfig>(deps: Pick<AppDeps, 'levels'>, r: R) => {
  const { access, middleware = [], ...rest } = r;
  return createRoute({
    ...rest,
    description: [rest.description, accessNote(access)].filter(Boolean).join('\n\n'),
    security: securityOf(access),
    'x-guildhall-access': access,
    middleware: [authorize(access, deps), ...middleware] as const,
    responses: { ...errorResponses(access), ...rest.responses },
    // Answers are documented from their zod schemas but not type-checked against them (the read
    // models' readonly types are not zod's JSON types); requests stay fully typed.
  } as Omit<R, 'access' | 'middleware' | 'responses'> & { middleware: MiddlewareHandler<AppEnv>[]; responses: RouteConfig['responses'] });
};

const CODE_BY_TARGET: Record<string, string> = { query: 'INVALID_QUERY', param: 'INVALID_PATH', json: 'INVALID_BODY', header: 'INVALID_HEADER' };

/** A sub-app of one area; validation failures answer the API's 400 naming the field. */
export const newApiApp = (options: Readonly<{ bodyCode?: string }> = {}) =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const code = result.target === 'json' && options.bodyCode ? options.bodyCode : (CODE_BY_TARGET[result.target] ?? 'INVALID_INPUT');
        throw invalidInput(code, result.error as z.ZodError);
      }
    },
  });
export type ApiApp = ReturnType<typeof newApiApp>;
