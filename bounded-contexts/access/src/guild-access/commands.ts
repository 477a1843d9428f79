import type { CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { GrantableLevelSchema, GrantSubjectSchema, ScopeSchema } from '../levels.js';

export const Instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
export const TokenId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters of A-Z a-z 0-9 _ -');
/** sha256 of the token's secret, hex: the secret itself never reaches the store. */
export const SecretHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const Reason = z.string().trim().max(400).nullable().default(null);

/** Commands of a guild's access (stream `access.guild.<guildId>`). */
export const guildAccessCommands = {
  /** Give a Discord role or a user a level in this guild, until `expiresAt` (null: until revoked). The grant id is the command id. */
  GrantAccess: z.object({
    subject: GrantSubjectSchema,
    level: GrantableLevelSchema,
    expiresAt: Instant.nullable().default(null),
    reason: Reason,
  }),
  RevokeAccess: z.object({ grantId: z.string().min(1).max(200), reason: Reason }),
  /** A third-party API token bound to this guild; the gateway made the secret and sends only its hash. */
  IssueApiToken: z.object({
    tokenId: TokenId,
    name: z.string().trim().min(1).max(100),
    scopes: z.array(ScopeSchema).min(1).max(8).transform((s) => [...new Set(s)].sort()),
    expiresAt: Instant.nullable().default(null),
    secretHash: SecretHash,
  }),
  RevokeApiToken: z.object({ tokenId: TokenId, reason: Reason }),
} as const;
export type GuildAccessCommand = CommandOf<typeof guildAccessCommands>;
