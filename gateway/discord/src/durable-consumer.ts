import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';

export type DurableConsumerSpec = Readonly<{
  stream: string;
  name: string;
  filterSubject: string;
  ackWaitMs: number;
  maxAckPending: number;
}>;

/**
 * A durable, explicitly acked consumer (the action executor's per context, the fact router's).
 * Created to deliver everything (a request stored before the bot first ran is still carried
 * out); later starts keep its position and only update the tunables.
 */
export const ensureDurableConsumer = async (jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> => {
  const tunables = { ack_wait: nanos(spec.ackWaitMs), max_ack_pending: spec.maxAckPending };
  try {
    const info = await jsm.consumers.info(spec.stream, spec.name);
    if (info.config.ack_wait !== tunables.ack_wait || info.config.max_ack_pending !== tunables.max_ack_pending) {
      await jsm.consumers.update(spec.stream, spec.name, tunables);
    }
    return;
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
  }
  try {
    await jsm.consumers.add(spec.stream, {
      durable_name: spec.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: spec.filterSubject,
      max_deliver: -1,
      ...tunables,
    });
  } catch (err) {
    // Another replica created it first.
    if (!(err instanceof JetStreamApiError && /already (exists|in use)/i.test(err.message))) throw err;
  }
};
