import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../http/api-error.js';

/** Request bodies of the API are small JSON documents: anything above 64 KiB is refused with 413 before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;

const jsonLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json(new ApiError(413, 'PAYLOAD_TOO_LARGE', `a request body is at most ${MAX_BODY_BYTES / 1024} KiB`).body(), 413),
});

/** Routes that take a file (multipart, not JSON) check their own body and set their own, larger limit: the music upload. */
export const isFileUploadRoute = (path: string): boolean => /^\/api\/guilds\/[^/]+\/music\/uploads$/.test(path);

export const apiBodyLimit = createMiddleware(async (c, next) => (isFileUploadRoute(c.req.path) ? next() : jsonLimit(c, next)));
