import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

const context = new AsyncLocalStorage<{ correlationId: string }>();

/** Runs `fn` with a correlation id that every log line written inside it carries. */
export const withCorrelation = <T>(correlationId: string, fn: () => T): T => context.run({ correlationId }, fn);

export const currentCorrelationId = (): string | undefined => context.getStore()?.correlationId;

/** JSON logs (pino) with `service` and the current correlation id on every line. */
export const createLogger = (service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger =>
  pino({
    name: service,
    level,
    base: { service },
    mixin: () => {
      const store = context.getStore();
      return store ? { correlationId: store.correlationId } : {};
    },
  });
