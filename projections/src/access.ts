import { ACCESS_EVENT_TYPES, parseAccessEvent } from '@guildhall/access';
import type { Projection } from '@guildhall/eventing';

/**
 * Read model `access`: a guild's grants (who granted what level to which role or user, until
 * when, revoked by whom) and its API tokens (name, scopes, expiry, the sha256 of the secret,
 * revocation). The gateway reads it on every request to resolve a level or a bearer token.
 */
export const ACCESS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.grants (
  guild_id text NOT NULL,
  grant_id text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text NOT NULL,
  level text NOT NULL,
  expires_at timestamptz,
  reason text,
  granted_by jsonb NOT NULL,
  granted_at timestamptz NOT NULL,
  revoked_by jsonb,
  revoked_at timestamptz,
  position bigint NOT NULL,
  PRIMARY KEY (guild_id, grant_id)
);
CREATE INDEX grants_active ON ${s}.grants (guild_id, subject_kind, subject_id) WHERE revoked_at IS NULL;
CREATE TABLE ${s}.api_tokens (
  guild_id text NOT NULL,
  token_id text NOT NULL,
  name text NOT NULL,
  scopes text[] NOT NULL,
  expires_at timestamptz,
  secret_hash text NOT NULL,
  issued_by jsonb NOT NULL,
  issued_at timestamptz NOT NULL,
  revoked_by jsonb,
  revoked_at timestamptz,
  position bigint NOT NULL,
  PRIMARY KEY (guild_id, token_id)
);
CREATE UNIQUE INDEX api_tokens_by_hash ON ${s}.api_tokens (secret_hash);
`;

export const accessProjection: Projection = {
  name: 'access',
  migrations: [ACCESS_MIGRATION_V1],
  eventTypes: ACCESS_EVENT_TYPES,
  // Grants and tokens are few and rare: one statement per event keeps it plain.
  apply: async (events, { client, schema }) => {
    for (const e of events) {
      const ev = parseAccessEvent(e);
      if (!ev) continue;
      switch (ev.type) {
        case 'AccessGranted': {
          const d = ev.data;
          await client.query(
            `INSERT INTO ${schema}.grants (guild_id, grant_id, subject_kind, subject_id, level, expires_at, reason, granted_by, granted_at, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
            [e.guildId, d.grantId, d.subject.kind, d.subject.id, d.level, d.expiresAt, d.reason, JSON.stringify(d.grantedBy), d.grantedAt, e.position],
          );
          break;
        }
        case 'AccessRevoked':
          await client.query(`UPDATE ${schema}.grants SET revoked_by = $3, revoked_at = $4, position = $5 WHERE guild_id = $1 AND grant_id = $2`, [
            e.guildId, ev.data.grantId, JSON.stringify(ev.data.revokedBy), ev.data.revokedAt, e.position,
          ]);
          break;
        case 'ApiTokenIssued': {
          const d = ev.data;
          await client.query(
            `INSERT INTO ${schema}.api_tokens (guild_id, token_id, name, scopes, expires_at, secret_hash, issued_by, issued_at, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
            [e.guildId, d.tokenId, d.name, d.scopes, d.expiresAt, d.secretHash, JSON.stringify(d.issuedBy), d.issuedAt, e.position],
          );
          break;
        }
        case 'ApiTokenRevoked':
          await client.query(`UPDATE ${schema}.api_tokens SET revoked_by = $3, revoked_at = $4, position = $5 WHERE guild_id = $1 AND token_id = $2`, [
            e.guildId, ev.data.tokenId, JSON.stringify(ev.data.revokedBy), ev.data.revokedAt, e.position,
          ]);
          break;
      }
    }
  },
};
