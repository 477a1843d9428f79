import { AuditSecretSettingsSchema, CommonSettingsSchema, parseSettings } from '@guildhall/eventing';
import { z } from 'zod';

const SNOWFLAKE = /^\d{1,25}$/;

/** `guildId:channelId,guildId:channelId`: each guild's staff channel, where the bot posts its signed checkpoints (and the notifier new appeals). */
export const witnessChannels = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const out: Record<string, string> = {};
    for (const pair of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [g, c, ...rest] = pair.split(':');
      if (!g || !c || rest.length > 0 || !SNOWFLAKE.test(c)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not guildId:channelId (a channel snowflake)` });
        return z.NEVER;
      }
      out[g] = c;
    }
    return out;
  });

export const AuditSettingsSchema = CommonSettingsSchema.extend({
  ...AuditSecretSettingsSchema.shape,
  /** Sign a guild's checkpoint after this many new commits… */
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(1000),
  /** …or this long after its last one, when its chain moved. */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  /** How often the chainer looks for new events. */
  AUDIT_POLL_MS: z.coerce.number().int().min(10).default(500),
  /** How often the scheduled verification runs. */
  AUDIT_VERIFY_INTERVAL_MS: z.coerce.number().int().min(1000).default(600_000),
  AUDIT_WITNESS_CHANNELS: witnessChannels,
});
export type AuditSettings = z.infer<typeof AuditSettingsSchema>;

export const loadAuditSettings = (env: NodeJS.ProcessEnv = process.env): AuditSettings => parseSettings(AuditSettingsSchema, env);
