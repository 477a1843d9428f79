import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InfraError } from '@guildhall/kernel';
import {
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import type { Logger } from '../logger.js';
import { BackupRecordSchema, type ConsumerRecord, type MessageRecord, type StreamRecord } from './backup-format.js';

export type RestoreOptions = Readonly<{
  nc: NatsConnection;
  file: string;
  /** Replicas of every restored stream; default what the backup says. */
  replicas?: number;
  logger: Logger;
}>;

export type RestoreSummary = Readonly<{ streams: Record<string, { messages: number; consumers: number; lastSeq: number; gapsFilled: number }> }>;

/** Headers that would re-run a publish-time check; the order they guarded is restored as it was. */
const DROPPED_HEADER = /^Nats-Expected-/i;

const fail = (message: string, details: Record<string, unknown> = {}): never => {
  throw new InfraError('RESTORE_FAILED', message, details);
};

/** A subject inside the stream's subjects that no event uses: `<first subject with wildcards replaced>`. */
const gapSubject = (config: StreamRecord['config']): string => {
  const first = (config.subjects as string[] | undefined)?.[0] ?? fail('a stream without subjects cannot be restored at its sequences');
  return first.replace(/>$/, '_restore_gap').replaceAll('*', '_restore_gap');
};

const exists = async (jsm: JetStreamManager, name: string): Promise<boolean> =>
  jsm.streams.info(name).then(
    () => true,
    (e: unknown) => {
      if (e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound) return false;
      throw e;
    },
  );

/**
 * Brings a backup back into a NATS server that has none of its streams (it refuses to touch a
 * stream that exists). Streams marked `preserveSequences` (the event store) get every message at
 * its original sequence: a gap (a deleted message, a sequence before the first one kept) is filled
 * with a placeholder on `<prefix>._restore_gap` that is deleted at once, so the subject's last
 * sequence, the event store's version, is what it was and OCC carries on. Other streams (KV
 * buckets) are compacted. Durable consumers come back at the position after their ack floor
 * (mapped onto the new sequences); work-queue consumers get what is still queued.
 * Message times become the restore time (events carry their own `occurredAt`).
 */
export const restoreJetStream = async (opts: RestoreOptions): Promise<RestoreSummary> => {
  const jsm = await jetstreamManager(opts.nc);
  const js = jetstream(opts.nc);
  let input: Readable = createReadStream(opts.file);
  if (opts.file.endsWith('.gz')) input = input.pipe(createGunzip());
  const summary: Record<string, { messages: number; consumers: number; lastSeq: number; gapsFilled: number }> = {};
  let current: { record: StreamRecord; next: number; seqMap: [number, number][] } | undefined;
  let sawHeader = false;
  let sawEnd = false;
  let lineNo = 0;

  const startStream = async (record: StreamRecord): Promise<void> => {
    if (await exists(jsm, record.name)) {
      fail(`stream ${record.name} exists: restore needs a NATS without it (npm run reset -- --yes, or a fresh server)`, { stream: record.name });
    }
    const config = { ...(record.config as unknown as StreamConfig) };
    if (opts.replicas) config.num_replicas = opts.replicas;
    await jsm.streams.add(config);
    current = { record, next: 1, seqMap: [] };
    summary[record.name] = { messages: 0, consumers: 0, lastSeq: 0, gapsFilled: 0 };
  };

  /** Placeholders (published, then deleted) until the stream's next sequence is `seq`. */
  const fillGapTo = async (seq: number): Promise<void> => {
    if (!current?.record.preserveSequences) return;
    const { name, config } = current.record;
    while (current.next < seq) {
      const filler = await js.publish(gapSubject(config), new Uint8Array(0));
      if (filler.seq !== current.next) fail(`stream ${name}: gap filler landed at ${filler.seq}, not ${current.next}`, { stream: name });
      await jsm.streams.deleteMessage(name, filler.seq, false);
      current.next++;
      summary[name]!.gapsFilled++;
    }
    summary[name]!.lastSeq = Math.max(summary[name]!.lastSeq, current.next - 1);
  };

  /** Trailing deleted messages too: the next append must get the sequence it would have got. */
  const finishStream = async (): Promise<void> => {
    if (current) await fillGapTo(current.record.state.lastSeq + 1);
    current = undefined;
  };

  const restoreMessage = async (m: MessageRecord): Promise<void> => {
    if (!current || current.record.name !== m.stream) return fail(`line ${lineNo}: message of ${m.stream} outside its stream`);
    const stats = summary[m.stream]!;
    await fillGapTo(m.seq);
    const publish = (withMsgId: boolean) => {
      const h = natsHeaders();
      for (const [k, v] of m.headers) if (!DROPPED_HEADER.test(k) && (withMsgId || k.toLowerCase() !== 'nats-msg-id')) h.append(k, v);
      return js.publish(m.subject, Buffer.from(m.data, 'base64'), { headers: h });
    };
    let ack = await publish(true);
    // Two messages with one Nats-Msg-Id, further apart in time than the dedupe window, are now
    // inside it: the second goes in without the id rather than being dropped.
    if (ack.duplicate) ack = await publish(false);
    if (current.record.preserveSequences && ack.seq !== m.seq) {
      fail(`stream ${m.stream}: message ${m.seq} landed at ${ack.seq}; is something else publishing?`, { stream: m.stream, seq: m.seq });
    }
    current.seqMap.push([m.seq, ack.seq]);
    current.next = ack.seq + 1;
    stats.messages++;
    stats.lastSeq = ack.seq;
  };

  const restoreConsumer = async (c: ConsumerRecord): Promise<void> => {
    if (!current || current.record.name !== c.stream) return fail(`line ${lineNo}: consumer of ${c.stream} outside its stream`);
    const config = { ...(c.config as unknown as ConsumerConfig) };
    const retention = (current.record.config as unknown as StreamConfig).retention;
    if (c.ackFloor > 0 && retention === RetentionPolicy.Limits) {
      // The first restored message after the ack floor, on the new sequences.
      const after = current.seqMap.find(([old]) => old > c.ackFloor);
      delete config.opt_start_time;
      config.deliver_policy = DeliverPolicy.StartSequence;
      config.opt_start_seq = after ? after[1] : current.next;
    }
    await jsm.consumers.add(c.stream, config);
    summary[c.stream]!.consumers++;
  };

  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    const parsed = BackupRecordSchema.safeParse(JSON.parse(line));
    if (!parsed.success) fail(`line ${lineNo}: not a backup record (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    const record = parsed.data!;
    if (!sawHeader && record.kind !== 'header') fail('not a Guildhall backup: the first line is not its header');
    switch (record.kind) {
      case 'header':
        sawHeader = true;
        opts.logger.info({ createdAt: record.createdAt, streams: record.streams, server: record.server.version }, 'restoring backup');
        break;
      case 'stream':
        await finishStream();
        await startStream(record);
        break;
      case 'msg':
        await restoreMessage(record);
        break;
      case 'consumer':
        await restoreConsumer(record);
        break;
      case 'end':
        await finishStream();
        sawEnd = true;
        for (const [stream, n] of Object.entries(record.messages)) {
          if (summary[stream]?.messages !== n) fail(`stream ${stream}: restored ${summary[stream]?.messages ?? 0} messages, the backup has ${n}`);
        }
        break;
    }
  }
  if (!sawEnd) fail('the backup file is truncated (no end record); nothing after the last complete stream is trustworthy');
  for (const [name, s] of Object.entries(summary)) opts.logger.info({ stream: name, ...s }, `restored ${name}`);
  return { streams: summary };
};
