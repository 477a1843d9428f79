import { z } from 'zod';

/**
 * The backup file: JSON lines, one record a line, in this order: a header; then per stream its
 * `stream` record, its `msg` records in stream order, its `consumer` records; an `end` record with
 * the counts (a truncated file is refused). Message bodies are base64, headers are kept in order.
 */
export const BACKUP_FORMAT = 'guildhall-backup';
export const BACKUP_VERSION = 1;

const json = z.record(z.string(), z.unknown());

export const HeaderRecordSchema = z.object({
  kind: z.literal('header'),
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  server: z.object({ version: z.string() }),
  streams: z.array(z.string()),
});
export const StreamRecordSchema = z.object({
  kind: z.literal('stream'),
  name: z.string(),
  /** The stream's configuration as the server reported it. */
  config: json,
  state: z.object({ firstSeq: z.number().int(), lastSeq: z.number().int(), messages: z.number().int() }),
  /** Restored at the very same sequences (gaps kept): the event store's versions and positions are sequences. */
  preserveSequences: z.boolean(),
});
export const MessageRecordSchema = z.object({
  kind: z.literal('msg'),
  stream: z.string(),
  seq: z.number().int().positive(),
  subject: z.string(),
  time: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  data: z.string(),
});
export const ConsumerRecordSchema = z.object({
  kind: z.literal('consumer'),
  stream: z.string(),
  config: json,
  /** Stream sequence up to which everything was acknowledged when the backup was taken. */
  ackFloor: z.number().int().min(0),
});
export const EndRecordSchema = z.object({
  kind: z.literal('end'),
  messages: z.record(z.string(), z.number().int()),
  consumers: z.record(z.string(), z.number().int()),
});
export const BackupRecordSchema = z.discriminatedUnion('kind', [
  HeaderRecordSchema,
  StreamRecordSchema,
  MessageRecordSchema,
  ConsumerRecordSchema,
  EndRecordSchema,
]);
export type BackupRecord = z.infer<typeof BackupRecordSchema>;
export type StreamRecord = z.infer<typeof StreamRecordSchema>;
export type MessageRecord = z.infer<typeof MessageRecordSchema>;
export type ConsumerRecord = z.infer<typeof ConsumerRecordSchema>;
