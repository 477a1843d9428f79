import { DomainError, InfraError } from '@guildhall/kernel';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** The one error shape of the API: `{ error: { code, reason, field?, details? } }`. */
export type ErrorBody = Readonly<{
  error: Readonly<{ code: string; reason: string; field?: string; details?: Readonly<Record<string, unknown>> }>;
}>;

/** An error the API answers with its own status and stable code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly reason: string,
    readonly field?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(`${code}: ${field ? `${field}: ` : ''}${reason}`);
  }

  body(): ErrorBody {
    return {
      error: {
        code: this.code,
        reason: this.reason,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.details !== undefined ? { details: this.details } : {}),
      },
    };
  }
}

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');

/** A 400 naming the first bad field of a zod failure (`target.id`, `limit`, ...), with every issue in details. */
export const invalidInput = (code: string, error: z.ZodError, prefix = ''): ApiError => {
  const issues = error.issues.map((i) => ({ field: [prefix, pathOf(i.path)].filter(Boolean).join('.') || '(body)', reason: i.message }));
  const first = issues[0] ?? { field: '(body)', reason: 'invalid' };
  return new ApiError(400, code, first.reason, first.field, { issues });
};

/**
 * Rejections that mean "not now, given the current state" (409) as opposed to "this can never
 * work as asked" (422). Unknown codes are 422: the request was understood and refused.
 */
const CONFLICT = /^(ALREADY_|NOT_|CASE_ALREADY_|CASE_NOT_HIDDEN|ACTION_PENDING|MEMBER_BANNED|REQUEST_ALREADY_|DISCORD_ACTION_ALREADY_|VERSION_CONFLICT|EXPIRY_NOT_DUE)/;
export const rejectionStatus = (code: string): 409 | 422 => (CONFLICT.test(code) ? 409 : 422);

type QueryIssue = { field: string; reason: string };
const firstIssue = (details: Readonly<Record<string, unknown>>): QueryIssue | undefined => {
  const issues = details.issues;
  if (!Array.isArray(issues)) return undefined;
  const i: unknown = issues[0];
  return typeof i === 'object' && i !== null && 'field' in i && 'reason' in i ? { field: String(i.field), reason: String(i.reason) } : undefined;
};

/** Maps anything thrown in a route to a status and the error body; unexpected errors say nothing internal. */
export const toApiError = (e: unknown): ApiError => {
  if (e instanceof ApiError) return e;
  if (e instanceof DomainError) {
    if (e.code === 'INVALID_QUERY' || e.code === 'INVALID_COMMAND') {
      const issue = firstIssue(e.details) ?? (typeof e.details.field === 'string' ? { field: e.details.field, reason: String(e.details.reason) } : undefined);
      return new ApiError(400, e.code, issue?.reason ?? e.message, issue?.field, e.details);
    }
    return new ApiError(rejectionStatus(e.code), e.code, e.message, undefined, e.details);
  }
  if (e instanceof InfraError) {
    if (e.code === 'INVALID_COMMAND') {
      const field = typeof e.details.field === 'string' ? e.details.field : undefined;
      return new ApiError(400, e.code, e.message, field);
    }
    if (e.code.startsWith('OAUTH_')) return new ApiError(502, e.code, e.message);
    return new ApiError(503, e.code, e.message);
  }
  // PostgreSQL: the read model's schema is not there yet (projections not migrated).
  if (typeof e === 'object' && e !== null && 'code' in e && (e.code === '42P01' || e.code === '3F000')) {
    return new ApiError(503, 'READ_MODEL_UNAVAILABLE', 'the read models are not migrated yet; is the projections service running?');
  }
  // PostgreSQL refused a connection: too many clients (53300; a shared server at max_connections
  // answers every new one so, seen as intermittent 500s on any page), out of resources (class 53),
  // starting or shutting down (57P03), or the connection broke (class 08). The request was fine;
  // asking again in a moment may work: 503, not 500.
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' && (/^(53|08)/.test(e.code) || e.code === '57P03')) {
    return new ApiError(503, 'DATABASE_UNAVAILABLE', 'PostgreSQL cannot take the request now (too many connections, or it is restarting); try again in a moment');
  }
  return new ApiError(500, 'INTERNAL', 'something went wrong; the logs have the details (search by correlation id)');
};
