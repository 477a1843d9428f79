import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../http/api-error.js';

/** Request bodies of the API are small JSON documents: anything above 64 KiB is refused with 413 before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;

export const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json(new ApiError(413, 'PAYLOAD_TOO_LARGE', `a request body is at most ${MAX_BODY_BYTES / 1024} KiB`).body(), 413),
});
