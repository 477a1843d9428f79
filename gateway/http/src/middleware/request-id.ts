import { withCorrelation } from '@guildhall/eventing';
import { newId } from '@guildhall/kernel';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/app-env.js';

/** Correlation ids are echoed into logs and events: keep them short and plain. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** The request's correlation id (its `X-Correlation-Id` when plain, else new): echoed back, on every log line, and the commands' correlation id. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header('x-correlation-id');
  const correlationId = given && CORRELATION_ID.test(given) ? given : newId();
  c.set('correlationId', correlationId);
  c.header('X-Correlation-Id', correlationId);
  await withCorrelation(correlationId, next);
});
