import { InfraError } from '@guildhall/kernel';
import { z } from 'zod';

/**
 * Parses env with a zod schema; on failure throws INVALID_SETTINGS naming every bad variable
 * and why, e.g. `NATS_URL: Invalid URL`.
 */
export const parseSettings = <S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> => {
  // Empty variables count as unset, as in a typical .env file.
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new InfraError('INVALID_SETTINGS', `Invalid settings:\n  ${lines.join('\n  ')}`, {
    issues: result.error.issues.map((i) => ({ variable: i.path.join('.'), reason: i.message })),
  });
};

const url = (protocols: readonly string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL with protocol ${protocols.join(' or ')}`);

/** A JetStream stream, bucket or subject token name. */
export const natsName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must match [A-Za-z0-9_-]+ (a NATS name)');

/** Settings shared by every service. */
export const CommonSettingsSchema = z.object({
  NATS_URL: url(['nats:', 'tls:', 'ws:', 'wss:']).default('nats://127.0.0.1:4222'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/guildhall'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** JetStream names, overridable so tests and several installs can share one server. */
  /** Only JetStream: the EventStoreDB adapter was removed (the README says why); a set value is refused, not ignored. */
  EVENT_STORE: z.literal('jetstream', { error: 'only jetstream: the EventStoreDB adapter was removed (see the README)' }).default('jetstream'),
  EVENTS_STREAM: natsName.default('EVENTS'),
  EVENTS_SUBJECT_PREFIX: natsName.default('es'),
  COMMANDS_STREAM: natsName.default('COMMANDS'),
  COMMANDS_SUBJECT_PREFIX: natsName.default('cmd'),
  /** The command bus's other names; every sender and handler must agree on them. */
  COMMAND_RESULTS_BUCKET: natsName.default('COMMAND_RESULTS'),
  DEAD_LETTERS_STREAM: natsName.default('DEAD_LETTERS'),
  DEAD_LETTERS_SUBJECT_PREFIX: natsName.default('dlq'),
  /** How long a handler may hold a command before it is redelivered (its worker died). */
  COMMAND_ACK_WAIT_MS: z.coerce.number().int().min(500).default(30_000),
});
export type CommonSettings = z.infer<typeof CommonSettingsSchema>;

export const loadCommonSettings = (env: NodeJS.ProcessEnv = process.env): CommonSettings =>
  parseSettings(CommonSettingsSchema, env);

/** The command bus's names (and redelivery timeout) from the common settings, for `CommandBus.create`. */
export const commandBusNames = (s: CommonSettings) => ({
  ackWaitMs: s.COMMAND_ACK_WAIT_MS,
  streamName: s.COMMANDS_STREAM,
  subjectPrefix: s.COMMANDS_SUBJECT_PREFIX,
  resultsBucket: s.COMMAND_RESULTS_BUCKET,
  deadLetterStream: s.DEAD_LETTERS_STREAM,
  deadLetterPrefix: s.DEAD_LETTERS_SUBJECT_PREFIX,
});
