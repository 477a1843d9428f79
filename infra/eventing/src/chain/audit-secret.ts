import { createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { parseSettings } from '../settings.js';

/**
 * The audit secret every writer and the verifier share (`AUDIT_SECRET`). From it come the writer
 * seal key (an HMAC key: a commit published straight to NATS without it is a forgery) and each
 * guild's Ed25519 checkpoint keys (derived, so no private key is ever stored in NATS).
 * The default is for the offline demo only; set your own in any real install.
 */
export const DEV_AUDIT_SECRET = 'guildhall-dev-audit-secret-change-me';

export const AuditSecretSettingsSchema = z.object({
  AUDIT_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_AUDIT_SECRET),
});

export type AuditSecret = Readonly<{
  /** HMAC-SHA256 key for writer seals and chain-link seals. */
  sealKey: Buffer;
  /** The Ed25519 key of a guild's key version (1, 2, … after each rotation). */
  signingKey(guildId: string, version: number): KeyObject;
  isDevDefault: boolean;
}>;

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const derive = (secret: string, label: string): Buffer => createHmac('sha256', secret).update(label).digest();

export const auditSecret = (secret: string): AuditSecret => ({
  sealKey: derive(secret, 'guildhall/audit/seal/v1'),
  signingKey: (guildId, version) =>
    createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, derive(secret, `guildhall/audit/guild-key/v1\n${guildId}\n${version}`)]),
      format: 'der',
      type: 'pkcs8',
    }),
  isDevDefault: secret === DEV_AUDIT_SECRET,
});

/** The secret from the environment (zod-checked; a bad value throws INVALID_SETTINGS naming AUDIT_SECRET). */
export const auditSecretFromEnv = (env: NodeJS.ProcessEnv = process.env): AuditSecret =>
  auditSecret(parseSettings(AuditSecretSettingsSchema, env).AUDIT_SECRET);

/** A public key as the raw 32 bytes, base64 (what key records and bundles carry). */
export const rawPublicKey = (key: KeyObject): string => {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
};

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The KeyObject of a raw base64 Ed25519 public key. */
export const publicKeyOfRaw = (raw: string): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(raw, 'base64')]), format: 'der', type: 'spki' });
