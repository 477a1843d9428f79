/**
 * The whole stack in one process on fixed ports, for looking at the dashboard by hand:
 *   npx tsx e2e/src/dev-stack.ts     → http://localhost:8090 (sandbox on :8091)
 * Uses its own JetStream names and database, removed on Ctrl-C.
 */
import { fileURLToPath } from 'node:url';
import { createLogger } from '@guildhall/eventing';
import { startStack } from './stack.js';

const httpPort = Number(process.env.PORT ?? 8090);
const logger = createLogger('dev-stack', process.env.LOG_LEVEL ?? 'warn');
const stack = await startStack('dev', {
  httpPort,
  sandboxPort: Number(process.env.SANDBOX_PORT ?? 8091),
  uiDist: fileURLToPath(new URL('../../ui/dist', import.meta.url)),
  logger,
});
logger.warn({ dashboard: `http://localhost:${httpPort}`, sandbox: stack.sandbox.url, guildId: stack.guildId }, 'dev stack ready');
const stop = () => void stack.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
