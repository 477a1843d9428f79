import { hash, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical.js';

/** The `prev` of a guild's first link. */
export const GENESIS_HASH = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits (sha-256)');

/**
 * One chain link per stored message, in the events stream's order (written by the one chainer,
 * many to a chain record: see LinksSchema).
 * `linked`: a sealed commit, chained into its guild. `adopted`: an unsealed commit stored before
 * the chain existed (at or before the genesis' `adoptedUpTo`), chained as it was found.
 * `rejected`: not chained (forged: no valid seal; a replay of an earlier commit; not a commit).
 */
export const LinkSchema = z.object({
  position: z.number().int().positive(),
  subject: z.string().min(1),
  guildId: z.string(),
  status: z.enum(['linked', 'adopted', 'rejected']),
  reason: z.string().optional(),
  commitId: z.string().optional(),
  events: z.number().int().nonnegative(),
  prev: hex64.nullable(),
  hash: hex64.nullable(),
});
export type Link = z.infer<typeof LinkSchema>;

/** One chain-stream message: the links of consecutive positions, sealed as a whole by the chainer. */
export const LinksSchema = z.object({
  v: z.literal(1),
  kind: z.literal('links'),
  links: z.array(LinkSchema).min(1),
  seal: z.string().min(1),
});
export type Links = z.infer<typeof LinksSchema>;

export const GenesisSchema = z.object({
  v: z.literal(1),
  kind: z.literal('genesis'),
  adoptedUpTo: z.number().int().nonnegative(),
  at: z.iso.datetime(),
  seal: z.string().min(1),
});
export type Genesis = z.infer<typeof GenesisSchema>;

export const ChainRecordSchema = z.discriminatedUnion('kind', [LinksSchema, GenesisSchema]);
export type ChainRecord = z.infer<typeof ChainRecordSchema>;

/** A guild's checkpoint public key. Version n > 1 is endorsed by version n-1's signature. */
export const KeyRecordSchema = z.object({
  v: z.literal(1),
  kind: z.literal('key'),
  guildId: z.string(),
  keyId: z.string().min(1),
  version: z.number().int().positive(),
  publicKey: z.string().min(1),
  createdAt: z.iso.datetime(),
  previousKeyId: z.string().nullable(),
  endorsement: z.string().nullable(),
});
export type KeyRecord = z.infer<typeof KeyRecordSchema>;

/** A signed statement: the guild's chain had `links` commits (`events` events) up to `position`, ending in `head`. */
export const CheckpointSchema = z.object({
  v: z.literal(1),
  kind: z.literal('checkpoint'),
  guildId: z.string(),
  position: z.number().int().nonnegative(),
  links: z.number().int().positive(),
  events: z.number().int().nonnegative(),
  head: hex64,
  at: z.iso.datetime(),
  keyId: z.string().min(1),
  signature: z.string().min(1),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

// One-shot hashing: no Hash object per call (verify hashes every stored commit).
const sha256 = (s: string): string => hash('sha256', s, 'hex');

/** The chain step: sha-256 of the previous link's hash, a newline, and the canonical `{commit, subject}`. */
export const linkHash = (prev: string, subject: string, commit: unknown): string =>
  sha256(`${prev}\n${canonicalJson({ commit, subject })}`);

/** What a record's seal or signature covers: its canonical form without that field. */
export const unsignedForm = <T extends Record<string, unknown>>(record: T, field: keyof T): string => {
  const { [field]: _omit, ...rest } = record;
  return canonicalJson(rest);
};

export const endorsementForm = (k: Pick<KeyRecord, 'guildId' | 'keyId' | 'version' | 'publicKey' | 'previousKeyId'>): string =>
  canonicalJson({ guildId: k.guildId, keyId: k.keyId, previousKeyId: k.previousKeyId, publicKey: k.publicKey, version: k.version });

export const signText = (key: KeyObject, text: string): string => sign(null, Buffer.from(text), key).toString('base64');

export const verifyText = (key: KeyObject, text: string, signature: string): boolean => {
  try {
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
};
