import { InfraError } from '@guildhall/kernel';
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { SEAL_HEADER } from './seal.js';

/** A stored message as the audit sees it: exact bytes, not a decoded commit. */
export type StoredMessage = Readonly<{ position: number; subject: string; data: string; seal: string | undefined }>;

/**
 * Reads every message of `stream` matching `filter` from `fromSeq` on, in order, up to `toSeq`
 * (or the stream's last message), with an ordered consumer. It ends when `toSeq` or the last
 * message is delivered, or when nothing arrives for `idleMs` (the rest of the range was deleted),
 * so a deleted tail never makes it wait for new messages.
 */
export const readRaw = async (
  js: JetStreamClient,
  opts: Readonly<{ stream: string; filter?: string; fromSeq?: number; toSeq?: number; batch?: number; idleMs?: number }>,
  onMsg: (m: StoredMessage) => void,
): Promise<number> => {
  // A plain ephemeral pull consumer (no acks), not an ordered one: under concurrent appends the
  // client's ordered consumer was measured stalling for tens of seconds mid-range.
  const jsm = await js.jetstreamManager();
  const info = await jsm.consumers.add(opts.stream, {
    // Unfiltered when the caller reads the whole stream: on 2.9 a filter, even one matching every
    // subject, makes the server count pending per delivery, which stalls reads under appends.
    ...(opts.filter === undefined ? {} : { filter_subject: opts.filter }),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: opts.fromSeq ?? 1,
    ack_policy: AckPolicy.None,
    inactive_threshold: nanos(10_000),
    mem_storage: true,
  });
  const consumer = await js.consumers.get(opts.stream, info.name);
  const toSeq = opts.toSeq ?? Number.POSITIVE_INFINITY;
  const idleMs = opts.idleMs ?? 2_000;
  let n = 0;
  const messages = await consumer.consume({ max_messages: opts.batch ?? 1_000 });
  let idle: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => messages.stop(), idleMs);
  };
  try {
    watch();
    for await (const m of messages) {
      if (m.seq > toSeq) break;
      watch();
      n++;
      onMsg({ position: m.seq, subject: m.subject, data: m.string(), seal: m.headers?.get(SEAL_HEADER) || undefined });
      if (m.seq >= toSeq || m.info.pending === 0) break;
    }
  } finally {
    clearTimeout(idle);
    messages.stop();
    consumer.delete().catch(() => undefined);
  }
  return n;
};

/**
 * readRaw over a whole range that must come back complete (verify, the chain on load): when the
 * read ended before `toSeq` although `toSeq` is still stored (a stall outlasted the idle timeout),
 * it throws AUDIT_READ_INCOMPLETE instead of letting the caller take the missing part for deleted.
 */
export const readRawComplete = async (
  js: JetStreamClient,
  jsm: JetStreamManager,
  opts: Readonly<{ stream: string; filter?: string; fromSeq?: number; toSeq: number }>,
  onMsg: (m: StoredMessage) => void,
): Promise<void> => {
  let last = 0;
  await readRaw(js, { ...opts, idleMs: 5_000 }, (m) => {
    last = m.position;
    onMsg(m);
  });
  if (last >= opts.toSeq) return;
  const stored = await jsm.streams.getMessage(opts.stream, { seq: opts.toSeq }).catch(() => null);
  if (stored) {
    throw new InfraError('AUDIT_READ_INCOMPLETE', `reading ${opts.stream} stopped at ${last} of ${opts.toSeq}; try again`, { stream: opts.stream, last, toSeq: opts.toSeq });
  }
};
