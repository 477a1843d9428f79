import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { memberKeysBucket } from '../shred/personal-data-store.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export type TestNames = Readonly<{
  /** Spread into `CommandBus.create`. */
  bus: Readonly<{ streamName: string; subjectPrefix: string; deadLetterStream: string; deadLetterPrefix: string; resultsBucket: string }>;
  /** Spread into `JetStreamEventStore.create`. */
  events: Readonly<{ streamName: string; subjectPrefix: string }>;
}>;

/** JetStream names of one test file only (several test runs share the server). */
export const uniqueNames = (tag: string): TestNames => {
  const id = `${tag}_${randomBytes(4).toString('hex')}`;
  return {
    bus: {
      streamName: `CMD_${id}`,
      subjectPrefix: `cmd_${id}`,
      deadLetterStream: `DLQ_${id}`,
      deadLetterPrefix: `dlq_${id}`,
      resultsBucket: `RES_${id}`,
    },
    events: { streamName: `EV_${id}`, subjectPrefix: `es_${id}` },
  };
};

/** Deletes what `uniqueNames` named (the results bucket is its KV stream) through the JetStream API; missing ones are fine. */
export const deleteStreams = async (nc: NatsConnection, names: TestNames): Promise<void> => {
  // The member keys' bucket too: every service's store opens it beside the events stream.
  const streams = [names.bus.streamName, names.bus.deadLetterStream, names.events.streamName, `KV_${names.bus.resultsBucket}`, `KV_${memberKeysBucket(names.events.streamName)}`];
  for (const s of streams) await nc.request(`$JS.API.STREAM.DELETE.${s}`, '', { timeout: 5_000 }).catch(() => undefined);
};

/**
 * The settings (as env variables) that give a whole stack of services its own JetStream names:
 * streams, subject prefixes, buckets and durable consumer names of this run only, so a bench or
 * a test stack runs beside the demo and other runs on the shared server.
 */
export const isolatedStackEnv = (id: string) => ({
  EVENTS_STREAM: `EV_${id}`,
  EVENTS_SUBJECT_PREFIX: `es_${id}`,
  COMMANDS_STREAM: `CMD_${id}`,
  COMMANDS_SUBJECT_PREFIX: `cmd_${id}`,
  COMMAND_RESULTS_BUCKET: `RES_${id}`,
  DEAD_LETTERS_STREAM: `DLQ_${id}`,
  DEAD_LETTERS_SUBJECT_PREFIX: `dlq_${id}`,
  MODERATION_PROCESS_CONSUMER: `mp_${id}`,
  DISCORD_STREAM: `DISC_${id}`,
  DISCORD_SUBJECT_PREFIX: `disc_${id}`,
  STATUS_BUCKET: `STATUS_${id}`,
  STATUS_SUBJECT_PREFIX: `status_${id}`,
});
