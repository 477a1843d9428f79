import { InfraError } from '@guildhall/kernel';
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { MODERATION } from '../stream-ids.js';

export type ProcessConsumerSpec = Readonly<{
  /** The EVENTS stream and its subject prefix. */
  streamName: string;
  subjectPrefix: string;
  /** Durable consumer name (shared by every replica of the service). */
  name: string;
  ackWaitMs: number;
  maxAckPending: number;
}>;

/** Every moderation stream: one filter string, which nats-server 2.9 supports (arrays need 2.10). */
export const moderationEventsFilter = (subjectPrefix: string): string => `${subjectPrefix}.${MODERATION}.>`;

/**
 * The process manager's durable consumer: created to deliver from the first event (reacting is
 * idempotent, so a fresh install replays safely); later starts keep its position and only
 * update the tunables. A consumer with another filter is a configuration error, not silently
 * reused.
 */
export const ensureProcessConsumer = async (jsm: JetStreamManager, spec: ProcessConsumerSpec): Promise<void> => {
  const filter = moderationEventsFilter(spec.subjectPrefix);
  const tunables = { ack_wait: nanos(spec.ackWaitMs), max_ack_pending: spec.maxAckPending };
  try {
    const info = await jsm.consumers.info(spec.streamName, spec.name);
    if (info.config.filter_subject !== filter) {
      throw new InfraError(
        'INVALID_SETTINGS',
        `consumer ${spec.name} on ${spec.streamName} filters ${String(info.config.filter_subject)}, not ${filter}; delete it or use another name`,
        { consumer: spec.name, stream: spec.streamName },
      );
    }
    if (info.config.ack_wait !== tunables.ack_wait || info.config.max_ack_pending !== tunables.max_ack_pending) {
      await jsm.consumers.update(spec.streamName, spec.name, tunables);
    }
    return;
  } catch (e) {
    if (!(e instanceof JetStreamApiError && e.code === JetStreamApiCodes.ConsumerNotFound)) throw e;
  }
  try {
    await jsm.consumers.add(spec.streamName, {
      durable_name: spec.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      // Never parked: a commit that keeps failing is retried with backoff until it goes through.
      max_deliver: -1,
      ...tunables,
    });
  } catch (e) {
    // Another replica created it first.
    if (!(e instanceof JetStreamApiError && /already (exists|in use)/i.test(e.message))) throw e;
  }
};
