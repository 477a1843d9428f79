import { isFileUploadRoute } from './body-limit.js';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/app-env.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const bad = (field: string, reason: string): ApiError => new ApiError(400, 'INVALID_TEXT', reason, field);

/** Percent-decoding that refuses what is not UTF-8 (decodeURIComponent throws on it). */
const decode = (raw: string, field: string): string => {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw bad(field, 'is not valid UTF-8 (percent-encoded bytes that do not form characters)');
  }
};

const checkText = (value: string, field: string): void => {
  if (value.includes('\u0000')) throw bad(field, 'contains a NUL character');
  // A lone surrogate (from a \ud800 escape in JSON) is not a character either.
  if (LONE_SURROGATE.test(value)) throw bad(field, 'is not valid UTF-8 (an unpaired surrogate)');
};

const pathOf = (path: readonly (string | number)[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(body)';

const walk = (v: unknown, path: (string | number)[]): void => {
  if (typeof v === 'string') checkText(v, pathOf(path));
  else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      checkText(k, pathOf([...path, k]));
      walk(x, [...path, k]);
    }
  }
};

/**
 * Every text input is checked before any route sees it: path segments and query parameters must
 * percent-decode to UTF-8 without NUL; a body must be application/json (415), UTF-8 (400), JSON
 * (400 INVALID_JSON), and hold no NUL or unpaired surrogate in any key or string (400 naming the
 * field). So a `%00` never reaches PostgreSQL, which refuses NUL in text with an error.
 */
export const textInput = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  for (const segment of url.pathname.split('/')) checkText(decode(segment, 'path'), 'path');
  if (url.search.length > 1) {
    for (const pair of url.search.slice(1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq), 'query');
      checkText(name, 'query');
      checkText(decode(eq < 0 ? '' : pair.slice(eq + 1), name), name);
    }
  }
  // A body is what the client declared: a length above zero, or a chunked upload.
  const hasBody = BODY_METHODS.has(c.req.method) && (Number(c.req.header('content-length') ?? '0') > 0 || c.req.header('transfer-encoding') !== undefined);
  if (hasBody && !isFileUploadRoute(c.req.path)) {
    const type = c.req.header('content-type') ?? '';
    if (!JSON_TYPE.test(type)) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', 'content-type');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > 0) {
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        throw bad('(body)', 'is not valid UTF-8');
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ApiError(400, 'INVALID_JSON', 'the body is not valid JSON', '(body)');
      }
      walk(json, []);
    }
  }
  return next();
});
