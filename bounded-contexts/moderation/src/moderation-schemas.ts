import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';

/** An ISO-8601 instant in UTC, as every timestamp in our payloads. */
export const InstantSchema = z.iso.datetime();

export const CaseNumberSchema = z.number().int().positive();

/** Opaque ids we mint (request ids are command ids, bulk ids are uuids). */
export const RequestIdSchema = z.string().min(1).max(200);

/** A Discord user as known when the fact happened: the name (username or tag) when known. */
export const UserRefSchema = z.object({
  id: SnowflakeSchema,
  name: z.string().min(1).max(100).nullable().default(null),
});
export type UserRef = z.output<typeof UserRefSchema>;

/** Discord caps audit-log reasons at 512 characters. */
export const REASON_MAX = 512;
/** A reason as stored: absent reasons are null, never ''. */
export const ReasonSchema = z.string().min(1).max(REASON_MAX).nullable();
/** A reason as typed: trimmed, '' and missing mean "no reason". NUL is refused: PostgreSQL's text and jsonb cannot hold it, and a projection would choke on the event. */
export const ReasonInputSchema = z
  .string()
  .trim()
  .max(REASON_MAX)
  .refine((r) => !r.includes('\u0000'), 'must not contain a NUL character')
  .nullable()
  .default(null)
  .transform((r) => (r === '' ? null : r));

export const ModerationActionSchema = z.enum(['warn', 'note', 'timeout', 'untimeout', 'kick', 'ban', 'unban']);
export type ModerationAction = z.output<typeof ModerationActionSchema>;

/** The actions that change something in Discord (warn and note are records only). */
export const DiscordActionSchema = z.enum(['timeout', 'untimeout', 'kick', 'ban', 'unban']);
export type DiscordAction = z.output<typeof DiscordActionSchema>;
export const isDiscordAction = (a: ModerationAction): a is DiscordAction => DiscordActionSchema.safeParse(a).success;

/** Discord refuses timeouts longer than 28 days. */
export const MAX_TIMEOUT_SECONDS = 28 * 24 * 3600;
/** A temporary ban is at most a year; longer is a permanent ban. */
export const MAX_TEMP_BAN_SECONDS = 366 * 24 * 3600;
/** Discord deletes at most 7 days of messages on a ban. */
export const MAX_DELETE_MESSAGE_SECONDS = 7 * 24 * 3600;

export const OriginSchema = z.enum(['guildhall', 'discord']);
export type Origin = z.output<typeof OriginSchema>;

/** A Discord REST failure as the executor reports it: Discord's JSON error code, the HTTP status, a human reason. */
export const DiscordFailureSchema = z.object({
  discordErrorCode: z.number().int().nullable().default(null),
  httpStatus: z.number().int().min(100).max(599).nullable().default(null),
  reason: z.string().trim().min(1).max(1000),
});
