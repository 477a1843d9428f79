import { sha1 } from '@noble/hashes/legacy.js';
import { z } from 'zod';

// No Node built-ins here: the kernel's root is imported by the dashboard (in-browser replay).
const utf8 = new TextEncoder();

export const newId = (): string => globalThis.crypto.randomUUID();

const hex = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
};

/**
 * A UUID-shaped id derived from its parts (name-based, SHA-1, like UUID v5), so that the same
 * fact seen twice (a gateway replay, a retried command) gets the same id and is deduplicated.
 */
export const deterministicId = (...parts: readonly (string | number)[]): string => {
  const hash = sha1(utf8.encode(parts.map(String).join('\u001f')));
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hex(hash.subarray(0, 16));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * A Discord id (a guild, user, channel, role, message, audit-log entry): a snowflake, decimal digits.
 * Every context's payloads validate ids with this one schema, so they all refuse the same input
 * with the same reason.
 */
export const SnowflakeSchema = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake (1-20 digits)');

const DISCORD_EPOCH = 1_420_070_400_000n;

/** When a Discord snowflake (a user, an audit-log entry, a message) was made: the ms timestamp in its top bits. */
export const snowflakeMs = (id: string): number => Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
