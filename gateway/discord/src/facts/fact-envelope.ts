import { z } from 'zod';
import { InstantSchema, SnowflakeSchema } from './common.js';

/** A fact type is one subject token: `discord.<guildId>.<type>`. */
export const FactTypeSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case subject token');

/**
 * What the bot publishes for every Discord gateway event it ingests. `id` is deterministic
 * (the Discord object's own id, or the gateway session and sequence) and is the `Nats-Msg-Id`,
 * so a reconnect, a RESUME replay or a second replica never stores the same fact twice.
 */
export const FactEnvelopeSchema = z.object({
  id: z.string().min(1).max(200),
  type: FactTypeSchema,
  schemaVersion: z.number().int().positive(),
  guildId: SnowflakeSchema,
  /** The shard that saw it; null for facts not tied to one (e.g. aggregated counts). */
  shardId: z.number().int().min(0).nullable(),
  /** When it happened in Discord when Discord says so (a snowflake, a timestamp), else when it was seen. */
  occurredAt: InstantSchema,
  observedAt: InstantSchema,
  payload: z.unknown(),
});
export type FactEnvelope<P = unknown> = Omit<z.infer<typeof FactEnvelopeSchema>, 'payload'> & { payload: P };

/** `<prefix>.<guildId>.<type>` (prefix `discord` by default). */
export const factSubject = (prefix: string, guildId: string, type: string): string => `${prefix}.${guildId}.${type}`;
