import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

/**
 * Connects with unbounded reconnects, so a NATS restart is a pause, not a crash.
 * Status changes are logged.
 */
export const connectNats = async (url: string, name: string, logger?: Logger): Promise<NatsConnection> => {
  const nc = await connect({
    servers: url,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 5_000,
    // Every request would otherwise build an Error for its stack trace (about a tenth of a
    // handler's CPU in the cases bench); our errors carry codes and context instead.
    noAsyncTraces: true,
  });
  if (logger) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') {
          logger.warn({ natsStatus: s.type }, `nats ${s.type}`);
        }
      }
    })();
  }
  return nc;
};
