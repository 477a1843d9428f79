import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { z } from 'zod';
import { deadLetterSubject } from './subjects.js';

/**
 * What the bus keeps of a command it gave up on: the original message (body and headers, so it
 * can be inspected and re-sent), why, and after how many deliveries.
 */
export const CommandDeadLetterSchema = z.object({
  reason: z.string(),
  attempts: z.number().int().positive(),
  context: z.string(),
  command: z.string(),
  /** The command id when the body was a readable envelope. */
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
export type CommandDeadLetter = z.infer<typeof CommandDeadLetterSchema>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const encodeBody = (data: Uint8Array): Pick<CommandDeadLetter, 'body' | 'bodyEncoding'> => {
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

export type DeadLetterInput = Readonly<{
  msg: JsMsg;
  context: string;
  command: string;
  commandId: string | null;
  reason: string;
}>;

/**
 * Publishes the record to `<dlqPrefix>.<context>.<command>`. The msg id is derived from the
 * original's stream sequence, so a worker that crashes between this and the ack does not write
 * the record twice.
 */
export const publishDeadLetter = async (
  js: JetStreamClient,
  target: Readonly<{ prefix: string; commandStream: string }>,
  input: DeadLetterInput,
): Promise<CommandDeadLetter> => {
  const { msg } = input;
  const record: CommandDeadLetter = {
    reason: input.reason,
    attempts: msg.info.deliveryCount,
    context: input.context,
    command: input.command,
    commandId: input.commandId,
    subject: msg.subject,
    stream: target.commandStream,
    streamSequence: msg.seq,
    headers: headersOf(msg),
    ...encodeBody(msg.data),
    deadLetteredAt: new Date().toISOString(),
  };
  await js.publish(deadLetterSubject(target.prefix, input.context, input.command), JSON.stringify(record), {
    msgID: `dlq-${target.commandStream}-${msg.seq}`,
  });
  return record;
};

/** Reads dead-letter records in order (for operators and tests), optionally for one context. */
export const readDeadLetters = async (
  jsm: JetStreamManager,
  target: Readonly<{ stream: string; prefix: string }>,
  options: Readonly<{ context?: string; limit?: number }> = {},
): Promise<CommandDeadLetter[]> => {
  const limit = options.limit ?? 100;
  const info = await jsm.streams.info(target.stream);
  const out: CommandDeadLetter[] = [];
  if (info.state.messages === 0) return [];
  for (let seq = Math.max(1, info.state.first_seq); seq <= info.state.last_seq && out.length < limit; seq++) {
    const stored = await jsm.streams.getMessage(target.stream, { seq });
    if (!stored) continue;
    if (options.context && !stored.subject.startsWith(`${target.prefix}.${options.context}.`)) continue;
    out.push(CommandDeadLetterSchema.parse(stored.json()));
  }
  return out;
};
