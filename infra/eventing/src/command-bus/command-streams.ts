import { InfraError } from '@guildhall/kernel';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { CommandBusConfig } from './command-bus-options.js';
import { contextFilter } from './subjects.js';

/** JetStream's "stream not found" / "consumer not found" API error codes. */
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

const isApiError = (e: unknown, code: number): boolean => e instanceof JetStreamApiError && e.code === code;

/** Creates the stream, or updates it to `config` when it exists (idempotent, safe for every process at start). */
const ensureStream = async (jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> => {
  try {
    await jsm.streams.info(config.name);
  } catch (e) {
    if (!isApiError(e, STREAM_NOT_FOUND)) throw e;
    try {
      await jsm.streams.add(config);
      return;
    } catch (addError) {
      // Another process created it between our info and add: fall through to update.
      if (!(addError instanceof JetStreamApiError)) throw addError;
    }
  }
  try {
    await jsm.streams.update(config.name, config);
  } catch (e) {
    throw new InfraError('INVALID_SETTINGS', `stream ${config.name} exists with an incompatible configuration: ${String(e)}`, {
      stream: config.name,
    }, { cause: e });
  }
};

/** COMMANDS (work-queue: a command is gone once acked) and DEAD_LETTERS (kept for inspection). */
export const ensureCommandStreams = async (jsm: JetStreamManager, config: CommandBusConfig): Promise<void> => {
  await ensureStream(jsm, {
    name: config.streamName,
    subjects: [`${config.subjectPrefix}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(config.duplicateWindowMs),
  });
  await ensureStream(jsm, {
    name: config.deadLetterStream,
    subjects: [`${config.deadLetterPrefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(config.deadLetterMaxAgeMs),
    duplicate_window: nanos(config.duplicateWindowMs),
  });
};

/** The durable consumer name of a context's handlers (shared by every worker of that context). */
export const consumerName = (context: string): string => `${context}-handler`;

/**
 * One durable pull consumer per context. `max_deliver` sits a little above `maxAttempts`: the bus
 * dead-letters on the last attempt itself, and the slack keeps a command whose worker died during
 * that attempt from being silently parked by the server.
 */
export const ensureContextConsumer = async (
  jsm: JetStreamManager,
  config: CommandBusConfig,
  context: string,
): Promise<string> => {
  const durable = consumerName(context);
  const wanted: Partial<ConsumerConfig> = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(config.ackWaitMs),
    max_deliver: config.maxAttempts + 3,
    max_ack_pending: config.maxAckPending,
    filter_subject: contextFilter(config.subjectPrefix, context),
    deliver_policy: DeliverPolicy.All,
  };
  try {
    await jsm.consumers.info(config.streamName, durable);
    await jsm.consumers.update(config.streamName, durable, {
      ack_wait: wanted.ack_wait,
      max_deliver: wanted.max_deliver,
      max_ack_pending: wanted.max_ack_pending,
    });
  } catch (e) {
    if (!isApiError(e, CONSUMER_NOT_FOUND)) throw e;
    await jsm.consumers.add(config.streamName, wanted);
  }
  return durable;
};
