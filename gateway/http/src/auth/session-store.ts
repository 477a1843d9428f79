import { createHmac, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { LoginGuild, Principal, SessionUser } from '../http/principal.js';
import { GATEWAY_SCHEMA } from './gateway-schema.js';

const T = `${GATEWAY_SCHEMA}.sessions`;
/** A session id as the cookie carries it: 32 random bytes, base64url. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

const LoginGuildSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  name: z.string().max(100),
  icon: z.string().max(100).nullable(),
  owner: z.boolean(),
  permissions: z.string().regex(/^\d{1,40}$/),
});

export type SessionSummary = Readonly<{ sessionId: string; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; current: boolean }>;
type Row = { id_hash: string; user_id: string; user_name: string; avatar: string | null; guilds: unknown; created_at: Date; expires_at: Date; last_seen_at: Date; user_agent: string | null };

/**
 * Sessions held server side in PostgreSQL: the cookie carries a random id, the table its keyed
 * hash (HMAC with SESSION_SECRET), so a leaked table opens no session. Revoking is a row update
 * every replica sees on the next request: logout ends a session everywhere it was copied.
 * The Discord access token is not kept at all: nothing here refreshes it.
 */
export class SessionStore {
  constructor(
    private readonly pool: Pool,
    private readonly secret: string,
  ) {}

  static newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  /** The public handle of a session (for listing and ending it): a prefix of its hash, never the cookie value. */
  private hash(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('hex');
  }

  async create(user: SessionUser, guilds: readonly LoginGuild[], ttlMs: number, userAgent: string | null, now = new Date()): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.pool.query(
      `INSERT INTO ${T} (id_hash, user_id, user_name, avatar, guilds, created_at, expires_at, last_seen_at, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8)`,
      [this.hash(id), user.id, user.name, user.avatar, JSON.stringify(guilds), now, new Date(now.getTime() + ttlMs), userAgent?.slice(0, 300) ?? null],
    );
    return id;
  }

  /** The live session of a cookie value (not revoked, not expired); its last-seen time is touched at most once a minute (a read per request, a write a minute). */
  async get(id: string | undefined, now = new Date()): Promise<Extract<Principal, { kind: 'session' }> | null> {
    if (!id || !SESSION_ID.test(id)) return null;
    const hash = this.hash(id);
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${T} WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > $2`, [hash, now]);
    const r = rows[0];
    if (!r) return null;
    if (r.last_seen_at.getTime() < now.getTime() - 60_000) {
      void this.pool.query(`UPDATE ${T} SET last_seen_at = $2 WHERE id_hash = $1`, [hash, now]).catch(() => undefined);
    }
    const guilds = z.array(LoginGuildSchema).safeParse(r.guilds);
    return {
      kind: 'session',
      sessionId: r.id_hash.slice(0, 16),
      user: { id: r.user_id, name: r.user_name, avatar: r.avatar },
      guilds: guilds.success ? guilds.data : [],
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
    };
  }

  async revoke(id: string | undefined, by: string): Promise<void> {
    if (!id || !SESSION_ID.test(id)) return;
    await this.pool.query(`UPDATE ${T} SET revoked_at = now(), revoked_by = $2 WHERE id_hash = $1 AND revoked_at IS NULL`, [this.hash(id), by]);
  }

  /** Ends every live session of a user (log out everywhere; an admin ending a member's sessions). Returns how many. */
  async revokeAllOf(userId: string, by: string): Promise<number> {
    const r = await this.pool.query(`UPDATE ${T} SET revoked_at = now(), revoked_by = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, by]);
    return r.rowCount ?? 0;
  }

  /** Ends one session of a user by its public handle. */
  async revokeOne(userId: string, sessionId: string, by: string): Promise<boolean> {
    if (!/^[0-9a-f]{16}$/.test(sessionId)) return false;
    const r = await this.pool.query(
      `UPDATE ${T} SET revoked_at = now(), revoked_by = $3 WHERE user_id = $1 AND left(id_hash, 16) = $2 AND revoked_at IS NULL`,
      [userId, sessionId, by],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async list(userId: string, currentSessionId: string | null, now = new Date()): Promise<SessionSummary[]> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${T} WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC`, [userId, now]);
    return rows.map((r) => ({
      sessionId: r.id_hash.slice(0, 16),
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      userAgent: r.user_agent,
      current: r.id_hash.slice(0, 16) === currentSessionId,
    }));
  }

  /** Whether a session (by public handle) is still live: the live stream checks this to close a revoked session's stream. */
  async isLive(sessionId: string, now = new Date()): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM ${T} WHERE left(id_hash, 16) = $1 AND revoked_at IS NULL AND expires_at > $2 LIMIT 1`, [sessionId, now]);
    return rows.length > 0;
  }
}
