import type { JetStreamClient } from '@nats-io/jetstream';
import { SEAL_HEADER } from './seal.js';

/** A stored message as the audit sees it: exact bytes, not a decoded commit. */
export type StoredMessage = Readonly<{ position: number; subject: string; data: string; seal: string | undefined }>;

/**
 * Reads every message of `stream` matching `filter` from `fromSeq` on, in order, until the
 * stream's last message (ordered consumer, fetched in batches). Unlike a consume loop it ends
 * when nothing is left even if the tail was deleted (a fetch that returns nothing ends it).
 */
export const readRaw = async (
  js: JetStreamClient,
  opts: Readonly<{ stream: string; filter: string; fromSeq?: number; toSeq?: number; batch?: number }>,
  onMsg: (m: StoredMessage) => void,
): Promise<number> => {
  const consumer = await js.consumers.get(opts.stream, {
    filter_subjects: opts.filter,
    opt_start_seq: opts.fromSeq ?? 1,
    inactive_threshold: 10_000,
  });
  const toSeq = opts.toSeq ?? Number.POSITIVE_INFINITY;
  let n = 0;
  try {
    for (;;) {
      const batch = await consumer.fetch({ max_messages: opts.batch ?? 2_000, expires: 1_000 });
      let got = 0;
      let done = false;
      for await (const m of batch) {
        got++;
        if (m.seq > toSeq) {
          done = true;
          break;
        }
        n++;
        onMsg({ position: m.seq, subject: m.subject, data: m.string(), seal: m.headers?.get(SEAL_HEADER) || undefined });
        if (m.seq >= toSeq || m.info.pending === 0) {
          done = true;
          break;
        }
      }
      if (done || got === 0) break;
    }
  } finally {
    consumer.delete().catch(() => undefined);
  }
  return n;
};
