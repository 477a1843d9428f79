import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';

export type RangeRead = Readonly<{
  stream: string;
  /** One subject or one wildcard: a single filter string works on nats-server 2.9 (arrays need 2.10). */
  filter: string;
  fromSeq: number;
  /** Stop once this sequence is delivered (the caller read it as the head before starting). */
  toSeq: number;
  batch: number;
}>;

/**
 * Replays a bounded range with an ephemeral ordered consumer. `onMsg` returns false to stop early.
 * The caller must know at least one message in [fromSeq, toSeq] matches `filter`, or this waits.
 */
export const readRange = async (js: JetStreamClient, range: RangeRead, onMsg: (m: JsMsg) => boolean): Promise<void> => {
  const consumer = await js.consumers.get(range.stream, {
    filter_subjects: range.filter,
    opt_start_seq: range.fromSeq,
    // A reader that dies without cleaning up leaves its consumer for only this long.
    inactive_threshold: 10_000,
  });
  const messages = await consumer.consume({ max_messages: range.batch });
  try {
    for await (const m of messages) {
      // pending === 0 also ends the read if the head message vanished (deleted) meanwhile.
      if (!onMsg(m) || m.seq >= range.toSeq || m.info.pending === 0) break;
    }
  } finally {
    messages.stop();
    // Ordered consumers otherwise linger on the server until their inactive threshold.
    consumer.delete().catch(() => undefined);
  }
};
