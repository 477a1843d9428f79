import { LinkSecretSettingsSchema } from '@guildhall/appeals/notification-links';
import { witnessChannels } from '@guildhall/audit';
import { CommonSettingsSchema, parseSettings } from '@guildhall/eventing';
import { z } from 'zod';

const msList = z
  .string()
  .transform((v, ctx) => {
    const out = v.split(',').map((p) => Number(p.trim()));
    if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n < 0)) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a comma-separated list of milliseconds` });
      return z.NEVER;
    }
    return out;
  });

export const NotifierSettingsSchema = CommonSettingsSchema.extend({
  ...LinkSecretSettingsSchema.shape,
  /** Where emails go out: the mail catcher of `npm start` by default (smtp://, or smtps:// for TLS; user:pass@ for auth). */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).default('smtp://127.0.0.1:2525'),
  NOTIFY_FROM: z.string().min(3).default('Guildhall <guildhall@localhost>'),
  /** The dashboard's public address: the links in DMs and emails (appeal, unsubscribe, confirm). */
  PUBLIC_URL: z.url().default('http://localhost:8080').transform((u) => u.replace(/\/+$/, '')),
  /** Attempts of one notification before it is given up (shown to admins as failed). */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Wait before each retry; the last value repeats: 10 s, 1 min, 5 min, 15 min, 1 h. */
  NOTIFY_RETRY_BACKOFF_MS: msList.default([10_000, 60_000, 300_000, 900_000, 3_600_000]),
  /** One SMTP conversation's limit (connect, greeting, each reply). */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** How long a DM or staff post waits for the bot's outcome before the attempt is handed back. */
  NOTIFY_DISCORD_WAIT_MS: z.coerce.number().int().min(100).default(30_000),
  /** The staff channel per guild: the audit checkpoints' channel (`guildId:channelId,…`), where new appeals are posted. */
  AUDIT_WITNESS_CHANNELS: witnessChannels,
  /** Unacked time before a crashed notifier's work is redelivered to the next one. */
  NOTIFIER_ACK_WAIT_MS: z.coerce.number().int().min(500).default(30_000),
  /** Durable consumer names (tests and parallel installs give their own). */
  NOTIFIER_CONSUMER_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('notifier'),
});
export type NotifierSettings = z.infer<typeof NotifierSettingsSchema>;

export const loadNotifierSettings = (env: NodeJS.ProcessEnv = process.env): NotifierSettings => parseSettings(NotifierSettingsSchema, env);
