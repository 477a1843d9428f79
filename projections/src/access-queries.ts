import { GrantableLevelSchema, GrantSubjectSchema, ScopeSchema, type GrantableLevel, type GrantSubject, type Scope } from '@guildhall/access';
import { ActorSchema, type Actor } from '@guildhall/kernel';
import { z } from 'zod';
import { iso, isoOf, readModel, type Db } from './db.js';
import { GuildIdSchema, parseQuery } from './query-input.js';

const T = readModel('access');

export type GrantView = Readonly<{
  grantId: string;
  subject: GrantSubject;
  level: GrantableLevel;
  expiresAt: string | null;
  reason: string | null;
  grantedBy: Actor;
  grantedAt: string;
  revokedBy: Actor | null;
  revokedAt: string | null;
}>;

type GrantRow = {
  grant_id: string; subject_kind: string; subject_id: string; level: string; expires_at: Date | null; reason: string | null;
  granted_by: unknown; granted_at: Date; revoked_by: unknown; revoked_at: Date | null;
};
const grantOf = (r: GrantRow): GrantView => ({
  grantId: r.grant_id,
  subject: GrantSubjectSchema.parse({ kind: r.subject_kind, id: r.subject_id }),
  level: GrantableLevelSchema.parse(r.level),
  expiresAt: iso(r.expires_at),
  reason: r.reason,
  grantedBy: ActorSchema.parse(r.granted_by),
  grantedAt: isoOf(r.granted_at),
  revokedBy: r.revoked_by === null ? null : ActorSchema.parse(r.revoked_by),
  revokedAt: iso(r.revoked_at),
});

const ListGrantsSchema = z.object({ guildId: GuildIdSchema, includeInactive: z.boolean().default(false), now: z.date().optional() }).strict();

/** A guild's grants, newest first; by default only those in force (not revoked, not expired). */
export const listGrants = async (db: Db, input: z.input<typeof ListGrantsSchema>): Promise<GrantView[]> => {
  const q = parseQuery('listGrants', ListGrantsSchema, input);
  const active = q.includeInactive ? '' : 'AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)';
  const { rows } = await db.query<GrantRow>(
    `SELECT * FROM ${T}.grants WHERE guild_id = $1 ${active} ORDER BY granted_at DESC, grant_id`,
    q.includeInactive ? [q.guildId] : [q.guildId, q.now ?? new Date()],
  );
  return rows.map(grantOf);
};

export const getGrant = async (db: Db, guildId: string, grantId: string): Promise<GrantView | null> => {
  const { rows } = await db.query<GrantRow>(`SELECT * FROM ${T}.grants WHERE guild_id = $1 AND grant_id = $2`, [GuildIdSchema.parse(guildId), grantId]);
  return rows[0] ? grantOf(rows[0]) : null;
};

export type ApiTokenView = Readonly<{
  tokenId: string;
  guildId: string;
  name: string;
  scopes: readonly Scope[];
  expiresAt: string | null;
  issuedBy: Actor;
  issuedAt: string;
  revokedAt: string | null;
}>;
type TokenRow = { guild_id: string; token_id: string; name: string; scopes: string[]; expires_at: Date | null; issued_by: unknown; issued_at: Date; revoked_at: Date | null };
const tokenOf = (r: TokenRow): ApiTokenView => ({
  tokenId: r.token_id,
  guildId: r.guild_id,
  name: r.name,
  scopes: z.array(ScopeSchema).parse(r.scopes),
  expiresAt: iso(r.expires_at),
  issuedBy: ActorSchema.parse(r.issued_by),
  issuedAt: isoOf(r.issued_at),
  revokedAt: iso(r.revoked_at),
});

/** A guild's API tokens (never their secrets), newest first, revoked ones included. */
export const listApiTokens = async (db: Db, guildId: string): Promise<ApiTokenView[]> => {
  const { rows } = await db.query<TokenRow>(`SELECT * FROM ${T}.api_tokens WHERE guild_id = $1 ORDER BY issued_at DESC, token_id`, [GuildIdSchema.parse(guildId)]);
  return rows.map(tokenOf);
};

/** The token whose secret hashes to `secretHash`, when it is neither revoked nor expired at `now`. */
export const apiTokenByHash = async (db: Db, secretHash: string, now: Date = new Date()): Promise<ApiTokenView | null> => {
  const { rows } = await db.query<TokenRow>(
    `SELECT * FROM ${T}.api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
    [secretHash, now],
  );
  return rows[0] ? tokenOf(rows[0]) : null;
};

/**
 * The roles the bot last saw a member holding (member facts, read model `member_profiles`);
 * null when Guildhall has not seen the member (then the level falls back to what Discord's
 * OAuth said at login).
 */
export const getMemberRoles = async (db: Db, guildId: string, userId: string): Promise<string[] | null> => {
  const { rows } = await db.query<{ roles: string[] | null }>(`SELECT roles FROM ${readModel('member_profiles')}.members WHERE guild_id = $1 AND user_id = $2`, [
    GuildIdSchema.parse(guildId),
    userId,
  ]);
  return rows[0]?.roles ?? null;
};

/** Which of these guilds Guildhall has seen from the bot (its facts made a guild row): the picker shows only those. */
export const getGuildsKnown = async (db: Db, guildIds: readonly string[]): Promise<string[]> => {
  if (guildIds.length === 0) return [];
  const { rows } = await db.query<{ guild_id: string }>(`SELECT guild_id FROM ${readModel('guild_overview')}.guilds WHERE guild_id = ANY($1::text[])`, [[...guildIds]]);
  return rows.map((r) => r.guild_id);
};

/** Whether a token is still usable (not revoked, not expired): a token's live stream closes when it is not. */
export const isApiTokenLive = async (db: Db, guildId: string, tokenId: string, now: Date = new Date()): Promise<boolean> => {
  const { rows } = await db.query(`SELECT 1 FROM ${T}.api_tokens WHERE guild_id = $1 AND token_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $3)`, [
    guildId, tokenId, now,
  ]);
  return rows.length > 0;
};
