/** The API's error body, as gateway/http sends it. */
export type ApiErrorBody = { code: string; reason: string; field?: string; details?: Record<string, unknown> };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorBody,
  ) {
    super(error.field ? `${error.field}: ${error.reason}` : error.reason);
  }
}

const errorOf = (status: number, body: unknown): ApiError => {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null) {
    const e = body.error as Partial<ApiErrorBody>;
    return new ApiError(status, { code: String(e.code ?? 'ERROR'), reason: String(e.reason ?? 'request failed'), ...(e.field ? { field: e.field } : {}), ...(e.details ? { details: e.details } : {}) });
  }
  return new ApiError(status, { code: `HTTP_${status}`, reason: `the server answered ${status}` });
};

/** 401 anywhere means the session is gone: the app shows the login page. */
let onUnauthenticated: () => void = () => undefined;
export const setUnauthenticatedHandler = (fn: () => void): void => {
  onUnauthenticated = fn;
};

export const apiGet = async <T,>(path: string): Promise<T> => {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401) onUnauthenticated();
  if (!res.ok) throw errorOf(res.status, body);
  return body as T;
};

export type CommandResponse = {
  status: 'accepted' | 'pending' | 'rejected' | 'failed';
  commandId: string;
  correlationId: string;
  caseNumber?: number | null;
  /** For a moderation request: the same milestone a slash command replies with. */
  outcome?: RequestOutcome | null;
  error?: ApiErrorBody;
};

/** Where a moderation request ended: done in Discord, failed there (with its code), or not yet. */
export type RequestOutcome =
  | { status: 'applied'; caseNumber: number }
  | { status: 'failed'; caseNumber: number; reason: string; discordErrorCode: number | null }
  | { status: 'pending' };

/**
 * Sends a command. Mutations carry the CSRF header; the idempotency key makes a retried
 * submission of the same form the same command. Rejections come back as a CommandResponse
 * (409/422 with the domain's code) so forms can show them; other failures throw.
 */
export const sendCommand = async (
  guildId: string,
  context: string,
  type: string,
  payload: unknown,
  idempotencyKey: string,
): Promise<CommandResponse> => {
  const res = await fetch(`/api/guilds/${guildId}/commands/${context}/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-guildhall-csrf': '1', 'idempotency-key': idempotencyKey, 'x-correlation-id': idempotencyKey },
    body: JSON.stringify(payload),
  });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401) onUnauthenticated();
  if (typeof body === 'object' && body !== null && 'status' in body && 'commandId' in body) return body as CommandResponse;
  throw errorOf(res.status, body);
};

export const logout = async (): Promise<void> => {
  await fetch('/auth/logout', { method: 'POST', headers: { 'x-guildhall-csrf': '1' } });
};

/** A JSON call that changes something (CSRF header; 401 → the login page); 204 answers undefined. */
export const apiSend = async <T,>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> => {
  const res = await fetch(path, {
    method,
    headers: { 'x-guildhall-csrf': '1', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401) onUnauthenticated();
  const json: unknown = res.status === 204 ? undefined : await res.json().catch(() => null);
  if (!res.ok) throw errorOf(res.status, json);
  return json as T;
};
