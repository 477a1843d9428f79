import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { jetstream, jetstreamManager, RetentionPolicy, type StreamInfo } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from '../logger.js';
import { readRange } from '../event-store/jetstream-range-reader.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupRecord } from './backup-format.js';

export type BackupOptions = Readonly<{
  nc: NatsConnection;
  /** The file; `.gz` at the end writes it gzipped. */
  file: string;
  /** Streams to write (KV buckets are streams `KV_<bucket>`); default every stream on the server. */
  streams?: readonly string[];
  /** Streams restored at their exact sequences. Default: every stream except KV buckets. */
  preserveSequences?: (stream: string) => boolean;
  logger: Logger;
}>;

export type BackupSummary = Readonly<{ file: string; streams: Record<string, { messages: number; consumers: number; lastSeq: number }> }>;

const writeLine = async (out: Writable, record: BackupRecord): Promise<void> => {
  if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
};

/** Every stream name on the server. */
export const listStreams = async (nc: NatsConnection): Promise<string[]> => {
  const jsm = await jetstreamManager(nc);
  const names: string[] = [];
  for await (const s of jsm.streams.list()) names.push(s.config.name);
  return names.sort();
};

export const defaultPreserveSequences = (stream: string): boolean => !stream.startsWith('KV_');

/**
 * Writes streams (messages with subjects, headers and sequences), KV buckets and durable consumers
 * (config and ack floor) to a file. Each stream is consistent up to its last sequence when its turn
 * came; appends after that are not in the file. Services may keep running.
 */
export const backupJetStream = async (opts: BackupOptions): Promise<BackupSummary> => {
  const jsm = await jetstreamManager(opts.nc);
  const js = jetstream(opts.nc);
  const streams = opts.streams ? [...opts.streams] : await listStreams(opts.nc);
  const preserve = opts.preserveSequences ?? defaultPreserveSequences;
  const file = createWriteStream(opts.file);
  const out: Writable = opts.file.endsWith('.gz') ? createGzip() : file;
  if (out !== file) out.pipe(file);
  const summary: Record<string, { messages: number; consumers: number; lastSeq: number }> = {};
  await writeLine(out, {
    kind: 'header',
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    server: { version: opts.nc.info?.version ?? 'unknown' },
    streams,
  });
  for (const name of streams) {
    // Consumers first: their ack floors are then at or below the last sequence read below.
    const consumers = [];
    for await (const c of jsm.consumers.list(name)) if (c.config.durable_name) consumers.push(c);
    const info: StreamInfo = await jsm.streams.info(name);
    const { first_seq: firstSeq, last_seq: lastSeq, messages } = info.state;
    await writeLine(out, {
      kind: 'stream',
      name,
      config: info.config as unknown as Record<string, unknown>,
      state: { firstSeq, lastSeq, messages },
      preserveSequences: preserve(name) && info.config.retention === RetentionPolicy.Limits,
    });
    let written = 0;
    if (messages > 0) {
      const subjects = info.config.subjects ?? [];
      // readRange's callback is synchronous: lines queue in the writable and drain after the stream.
      await readRange(js, { stream: name, filter: subjects.length === 1 ? subjects[0]! : '', fromSeq: firstSeq, toSeq: lastSeq, batch: 512 }, (m) => {
        if (m.seq > lastSeq) return false;
        const headers: [string, string][] = [];
        for (const key of m.headers?.keys() ?? []) for (const v of m.headers!.values(key)) headers.push([key, v]);
        const record: BackupRecord = {
          kind: 'msg',
          stream: name,
          seq: m.seq,
          subject: m.subject,
          time: new Date(Math.floor(m.info.timestampNanos / 1_000_000)).toISOString(),
          headers,
          data: Buffer.from(m.data).toString('base64'),
        };
        out.write(`${JSON.stringify(record)}\n`);
        written++;
        return true;
      });
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    for (const c of consumers) {
      await writeLine(out, { kind: 'consumer', stream: name, config: c.config as unknown as Record<string, unknown>, ackFloor: c.ack_floor.stream_seq });
    }
    summary[name] = { messages: written, consumers: consumers.length, lastSeq };
    opts.logger.info({ stream: name, messages: written, consumers: consumers.length, lastSeq }, `backed up ${name}`);
  }
  await writeLine(out, {
    kind: 'end',
    messages: Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v.messages])),
    consumers: Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v.consumers])),
  });
  out.end();
  await once(file, 'close');
  return { file: opts.file, streams: summary };
};
