import type { NatsConnection } from '@nats-io/nats-core';
import { CommandBus } from '../command-bus/command-bus.js';
import { JetStreamEventStore } from '../event-store/jetstream-event-store.js';
import { createLogger, type Logger } from '../logger.js';
import { connectNats } from '../nats-connection.js';
import { deleteStreams, NATS_URL, uniqueNames, type TestNames } from './nats-test-names.js';

/** A context's handlers on the real bus and JetStream store, under names of this test file only. */
export type BusTestWorld = Readonly<{
  names: TestNames;
  nc: NatsConnection;
  store: JetStreamEventStore;
  bus: CommandBus;
  /** Closes the bus and the store, deletes the streams, closes the connection. */
  close(): Promise<void>;
}>;

/**
 * Opens the world an integration test of a context's handler needs: a short ack wait and few
 * redeliveries so a failing test fails fast. What was opened is closed again if a later step fails.
 * The logger is quiet unless LOG_LEVEL asks, so a failing test's output stays readable.
 */
export const openBusTestWorld = async (
  tag: string,
  logger: Logger = createLogger(`${tag}-test`, process.env.LOG_LEVEL ?? 'silent'),
): Promise<BusTestWorld> => {
  const names = uniqueNames(tag);
  const nc = await connectNats(NATS_URL, `${tag}-int-test`);
  let store: JetStreamEventStore | undefined;
  let bus: CommandBus | undefined;
  const close = async (): Promise<void> => {
    await bus?.close();
    await store?.close();
    await deleteStreams(nc, names);
    await nc.close();
  };
  try {
    store = await JetStreamEventStore.create({ nc, ...names.events, logger });
    bus = await CommandBus.create({ nc, logger, ...names.bus, ackWaitMs: 5_000, maxAttempts: 3, backoffMs: [100] });
  } catch (e) {
    await close();
    throw e;
  }
  return { names, nc, store, bus, close };
};
