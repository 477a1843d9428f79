import { z } from 'zod';

/** Client → gateway payloads, validated before use; anything else is a decode error (4002). */
export const GatewayFrame = z.object({
  op: z.number().int(),
  d: z.unknown().optional(),
  s: z.number().nullable().optional(),
  t: z.string().nullable().optional(),
});

const snowflake = z.string().regex(/^\d{1,21}$/);

export const IdentifyData = z.object({
  token: z.string(),
  properties: z.record(z.string(), z.unknown()).optional(),
  compress: z.boolean().optional(),
  large_threshold: z.number().int().min(50).max(250).optional(),
  shard: z.tuple([z.number().int().min(0), z.number().int().min(1)]).optional(),
  presence: z.unknown().optional(),
  intents: z.number().int().min(0),
});

export const ResumeData = z.object({
  token: z.string(),
  session_id: z.string(),
  seq: z.number().int().min(0).nullable(),
});

export const RequestGuildMembersData = z.object({
  guild_id: z.union([snowflake, z.array(snowflake).min(1)]),
  query: z.string().optional(),
  limit: z.number().int().min(0).optional(),
  presences: z.boolean().optional(),
  user_ids: z.union([snowflake, z.array(snowflake)]).optional(),
  nonce: z.string().max(32).optional(),
});

export const PresenceUpdateData = z.object({
  since: z.number().nullable().optional(),
  activities: z.array(z.object({ name: z.string(), type: z.number().int(), url: z.string().nullable().optional(), state: z.string().optional() })).optional(),
  status: z.enum(['online', 'dnd', 'idle', 'invisible', 'offline']),
  afk: z.boolean().optional(),
});

export const VoiceStateUpdateData = z.object({
  guild_id: snowflake,
  channel_id: snowflake.nullable(),
  self_mute: z.boolean().optional(),
  self_deaf: z.boolean().optional(),
});
