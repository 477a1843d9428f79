/**
 * The dashboard + API service (`npm start` runs it): Hono on Node, the built UI from ui/dist,
 * until SIGTERM/SIGINT, when it stops listening and closes its connections.
 */
import { createLogger, type Logger } from '@guildhall/eventing';
import { startHttpGateway } from './gateway.js';
import { loadHttpSettings, type HttpSettings } from './settings.js';

const SERVICE = 'gateway-http';

const settingsOrExit = (boot: Logger): HttpSettings | undefined => {
  try {
    return loadHttpSettings();
  } catch (e) {
    boot.fatal({ err: e }, (e as Error).message);
    process.exitCode = 1;
    return undefined;
  }
};

const main = async (): Promise<void> => {
  const settings = settingsOrExit(createLogger(SERVICE));
  if (!settings) return;
  const logger = createLogger(SERVICE, settings.LOG_LEVEL);
  const gateway = await startHttpGateway(settings, logger);
  logger.info({ url: gateway.deps.publicUrl, port: gateway.port, oauth: gateway.deps.oauth.target }, 'ready');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await gateway.stop();
      logger.info('stopped');
    } catch (e) {
      logger.error({ err: e }, 'unclean stop');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
};

main().catch((e: unknown) => {
  createLogger(SERVICE).fatal({ err: e }, `${SERVICE} failed to start: ${(e as Error).message}`);
  process.exit(1);
});
