import { InfraError } from '@guildhall/kernel';
import { z } from 'zod';
import { TOKEN } from './subjects.js';

const name = z.string().regex(TOKEN, 'must be a NATS token: letters, digits, _ or -');
const ms = z.number().int().positive();

/**
 * Tunables of the command bus, validated so a typo fails at start with the field's name.
 * Defaults are the production values; tests shrink the delays and use unique names.
 */
export const CommandBusOptionsSchema = z.object({
  /** Work-queue stream holding `<subjectPrefix>.<context>.<command>`. */
  streamName: name.default('COMMANDS'),
  subjectPrefix: name.default('cmd'),
  /** Limits stream holding `<deadLetterPrefix>.<context>.<command>` records. */
  deadLetterStream: name.default('DEAD_LETTERS'),
  deadLetterPrefix: name.default('dlq'),
  /** Dead letters are evidence; keep them a month by default. */
  deadLetterMaxAgeMs: ms.default(30 * 24 * 3600_000),
  /** KV bucket of settled outcomes, keyed by command id. */
  resultsBucket: name.default('COMMAND_RESULTS'),
  resultTtlMs: ms.default(24 * 3600_000),
  /** JetStream dedupe window for `Nats-Msg-Id` = command id. Older resends are caught by the results bucket. */
  duplicateWindowMs: ms.default(2 * 60_000),
  /**
   * How long a delivered command may go without an ack before the server redelivers it (a
   * crashed worker). Long handlers keep it alive with `working()`; see `workingEveryMs`.
   */
  ackWaitMs: ms.default(30_000),
  /** Deliveries of a throwing command before it is dead-lettered. */
  maxAttempts: z.number().int().min(1).max(100).default(5),
  /** Delay before attempt n+1 (nak with delay); the last value repeats. */
  backoffMs: z.array(z.number().int().nonnegative()).min(1).default([1_000, 5_000, 15_000, 30_000]),
  /** Unacked deliveries allowed per context across all workers. */
  maxAckPending: z.number().int().positive().default(1_000),
});
export type CommandBusOptions = z.input<typeof CommandBusOptionsSchema>;
export type CommandBusConfig = z.infer<typeof CommandBusOptionsSchema>;

export const parseCommandBusOptions = (options: CommandBusOptions = {}): CommandBusConfig => {
  const result = CommandBusOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
  throw new InfraError('INVALID_SETTINGS', `Invalid command bus options:\n  ${lines.join('\n  ')}`, {
    issues: result.error.issues.map((i) => ({ option: i.path.join('.'), reason: i.message })),
  });
};

/** Delay before the next attempt after `attempt` failed deliveries (1-based). */
export const backoffFor = (config: Pick<CommandBusConfig, 'backoffMs'>, attempt: number): number => {
  const list = config.backoffMs;
  return list[Math.min(Math.max(attempt, 1), list.length) - 1] ?? 0;
};
