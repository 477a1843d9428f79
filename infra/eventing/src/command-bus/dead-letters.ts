import type { JetStreamManager } from '@nats-io/jetstream';
import { DeadLetterSchema, type DeadLetter } from '../reactor/dead-letter.js';

/** A command the bus gave up on: the reactor's dead-letter record (one shape for every consumer). */
export const CommandDeadLetterSchema = DeadLetterSchema;
export type CommandDeadLetter = DeadLetter;

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
    const stored = await jsm.streams.getMessage(target.stream, { seq }).catch(() => null);
    if (!stored) continue;
    if (options.context && !stored.subject.startsWith(`${target.prefix}.${options.context}.`)) continue;
    out.push(CommandDeadLetterSchema.parse(stored.json()));
  }
  return out;
};
