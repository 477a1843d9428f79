import { InfraError } from '@guildhall/kernel';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';

/** The durable pull consumer a reactor reads through. */
export type ConsumerSpec = Readonly<{
  stream: string;
  name: string;
  /** One filter string: nats-server 2.9 has no `filter_subjects` arrays. */
  filterSubject: string;
  ackWaitMs: number;
  maxAckPending: number;
  /** The server's own cap on deliveries (-1: none; the reactor dead-letters before it). */
  maxDeliver: number;
  /** Where a new consumer starts: everything stored (a fresh install replays) or only new messages. */
  deliverPolicy: 'all' | 'new';
}>;

const isApiError = (e: unknown, code: number): boolean => e instanceof JetStreamApiError && e.code === code;

const baseConfig = (spec: ConsumerSpec): Partial<ConsumerConfig> => ({
  durable_name: spec.name,
  ack_policy: AckPolicy.Explicit,
  filter_subject: spec.filterSubject,
  ack_wait: nanos(spec.ackWaitMs),
  max_ack_pending: spec.maxAckPending,
  max_deliver: spec.maxDeliver,
});

/**
 * Creates the consumer when it is missing (first start, or an operator deleted it), otherwise
 * keeps its position and only updates the tunables. A consumer of that name with another filter
 * is a configuration error, never silently reused.
 */
export const ensureConsumer = async (jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> => {
  try {
    const info = await jsm.consumers.info(spec.stream, spec.name);
    if (info.config.filter_subject !== spec.filterSubject) {
      throw new InfraError(
        'INVALID_SETTINGS',
        `consumer ${spec.name} on ${spec.stream} filters ${String(info.config.filter_subject)}, not ${spec.filterSubject}; delete it or use another name`,
        { consumer: spec.name, stream: spec.stream },
      );
    }
    const c = info.config;
    if (c.ack_wait !== nanos(spec.ackWaitMs) || c.max_ack_pending !== spec.maxAckPending || c.max_deliver !== spec.maxDeliver) {
      await jsm.consumers.update(spec.stream, spec.name, {
        ack_wait: nanos(spec.ackWaitMs),
        max_ack_pending: spec.maxAckPending,
        max_deliver: spec.maxDeliver,
      });
    }
    return;
  } catch (e) {
    if (!isApiError(e, JetStreamApiCodes.ConsumerNotFound)) throw e;
  }
  try {
    await jsm.consumers.add(spec.stream, {
      ...baseConfig(spec),
      deliver_policy: spec.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    });
  } catch (e) {
    // Another replica created it first.
    if (!(e instanceof JetStreamApiError && /already (exists|in use)/i.test(e.message))) throw e;
  }
};

/**
 * Re-creates the consumer so that it delivers from `startSeq` on: for a reader whose position
 * is kept elsewhere (a projection's checkpoint in PostgreSQL), so deliveries left unacknowledged
 * by a crashed process are never redelivered after newer ones.
 */
export const positionConsumer = async (jsm: JetStreamManager, spec: ConsumerSpec, startSeq: number): Promise<ConsumerInfo> => {
  await jsm.consumers.delete(spec.stream, spec.name).catch((e: unknown) => {
    if (!isApiError(e, JetStreamApiCodes.ConsumerNotFound)) throw e;
  });
  return jsm.consumers.add(spec.stream, {
    ...baseConfig(spec),
    ...(startSeq > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq } : { deliver_policy: DeliverPolicy.All }),
  });
};
