import { InfraError } from '@guildhall/kernel';
import { z } from 'zod';

/**
 * Parses env with a zod schema; on failure throws INVALID_SETTINGS naming every bad variable
 * and why, e.g. `NATS_URL: Invalid URL`.
 */
export const parseSettings = <S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> => {
  const result = schema.safeParse(env);
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

/** Settings shared by every service. */
export const CommonSettingsSchema = z.object({
  NATS_URL: url(['nats:', 'tls:', 'ws:', 'wss:']).default('nats://127.0.0.1:4222'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/guildhall'),
  EVENT_STORE: z.enum(['jetstream', 'eventstoredb']).default('jetstream'),
  EVENTSTOREDB_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** JetStream names, overridable so tests and several installs can share one server. */
  EVENTS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('EVENTS'),
  EVENTS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('es'),
  COMMANDS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('COMMANDS'),
  COMMANDS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('cmd'),
});
export type CommonSettings = z.infer<typeof CommonSettingsSchema>;

export const loadCommonSettings = (env: NodeJS.ProcessEnv = process.env): CommonSettings =>
  parseSettings(CommonSettingsSchema, env);
