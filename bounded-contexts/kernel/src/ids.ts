import { createHash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * A UUID-shaped id derived from its parts (name-based, SHA-1, like UUID v5), so that the same
 * fact seen twice (a gateway replay, a retried command) gets the same id and is deduplicated.
 */
export const deterministicId = (...parts: readonly (string | number)[]): string => {
  const hash = createHash('sha1').update(parts.map(String).join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
