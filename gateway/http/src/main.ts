/**
 * The dashboard + API service (`npm start` runs it): Hono on Node, the built UI from ui/dist,
 * until SIGTERM/SIGINT, when it stops listening and closes its connections.
 */
import { natsReady, postgresReady, runService } from '@guildhall/eventing';
import { startHttpGateway } from './gateway.js';
import { loadHttpSettings } from './settings.js';

await runService('gateway-http', () => loadHttpSettings(), async (settings, logger) => {
  const gateway = await startHttpGateway(settings, logger);
  return {
    readyInfo: { url: gateway.deps.publicUrl, port: gateway.port, oauth: gateway.deps.oauth.target },
    checks: { nats: natsReady(gateway.deps.nc), postgres: postgresReady(gateway.deps.pool) },
    stop: () => gateway.stop(),
  };
});
