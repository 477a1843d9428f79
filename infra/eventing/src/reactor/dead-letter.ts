import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { z } from 'zod';

/**
 * What a reactor keeps of a message it gave up on: the original message (body and headers, so
 * it can be inspected and re-sent), why, after how many deliveries, and which consumer.
 */
export const DeadLetterSchema = z.object({
  reason: z.string(),
  attempts: z.number().int().positive(),
  /** The consumer that gave up (`moderation-handler`, `proj_cases`, `bot-actions-moderation`...). */
  consumer: z.string().default('unknown'),
  /** The subject's area: a command's context, else the consumer's own token. */
  context: z.string(),
  /** The command or event type when the body was readable, else `_`. */
  command: z.string(),
  /** The command or commit id when the body was readable. */
  commandId: z.string().nullable(),
  subject: z.string(),
  stream: z.string(),
  streamSequence: z.number().int().nonnegative(),
  headers: z.record(z.string(), z.array(z.string())),
  /** The original body: UTF-8 text, or base64 when it was not valid UTF-8. */
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']),
  deadLetteredAt: z.iso.datetime(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export type DeadLetterTarget = Readonly<{
  /** The DEAD_LETTERS stream (it holds `<prefix>.>`). */
  stream: string;
  prefix: string;
}>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const encodeBody = (data: Uint8Array): Pick<DeadLetter, 'body' | 'bodyEncoding'> => {
  try {
    return { body: strictUtf8.decode(data), bodyEncoding: 'utf8' };
  } catch {
    return { body: Buffer.from(data).toString('base64'), bodyEncoding: 'base64' };
  }
};

const headersOf = (msg: JsMsg): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const [key, values] of msg.headers ?? []) out[key] = values;
  return out;
};

const TOKEN_UNSAFE = /[^A-Za-z0-9_-]/g;
/** A subject token from any text (a command type or a consumer name). */
export const subjectToken = (s: string): string => s.replace(TOKEN_UNSAFE, '_') || '_';

export type DeadLetterInput = Readonly<{
  msg: JsMsg;
  consumer: string;
  sourceStream: string;
  context: string;
  command: string;
  commandId: string | null;
  reason: string;
}>;

/**
 * Publishes the record to `<prefix>.<context>.<command>`. The msg id is derived from the
 * original's stream and sequence, so a process that crashes between this and the ack does not
 * write the record twice.
 */
export const publishDeadLetter = async (js: JetStreamClient, target: DeadLetterTarget, input: DeadLetterInput): Promise<DeadLetter> => {
  const { msg } = input;
  const record: DeadLetter = {
    reason: input.reason,
    attempts: msg.info.deliveryCount,
    consumer: input.consumer,
    context: input.context,
    command: input.command,
    commandId: input.commandId,
    subject: msg.subject,
    stream: input.sourceStream,
    streamSequence: msg.seq,
    headers: headersOf(msg),
    ...encodeBody(msg.data),
    deadLetteredAt: new Date().toISOString(),
  };
  await js.publish(`${target.prefix}.${subjectToken(input.context)}.${subjectToken(input.command)}`, JSON.stringify(record), {
    msgID: `dlq-${input.sourceStream}-${input.consumer}-${msg.seq}`,
  });
  return record;
};
