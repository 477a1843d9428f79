import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** The baseline the adapter is compared with: plain JetStream async publish, pipelined. */
export const rawPublish = async (
  nc: NatsConnection,
  subjects: (i: number) => string,
  payload: (i: number) => Uint8Array,
  count: number,
  window: number,
): Promise<void> => {
  const js = jetstream(nc);
  const inflight = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    const p = js.publish(subjects(i), payload(i), { msgID: `raw-${i}-${Math.random()}` });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    if (inflight.size >= window) await Promise.race(inflight);
  }
  await Promise.all(inflight);
};

/** Reads a whole stream with an ordered consumer and JSON-decodes every message. */
export const rawOrderedRead = async (nc: NatsConnection, stream: string, filter: string): Promise<number> => {
  const jsm = await jetstreamManager(nc);
  const head = (await jsm.streams.info(stream)).state.last_seq;
  const consumer = await jetstream(nc).consumers.get(stream, {
    filter_subjects: filter,
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 5_000 });
  let n = 0;
  for await (const m of messages) {
    JSON.parse(new TextDecoder().decode(m.data));
    n++;
    if (m.seq >= head) break;
  }
  await messages.close();
  return n;
};
