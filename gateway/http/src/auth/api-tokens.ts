import { createHash, randomBytes } from 'node:crypto';

/** What a token looks like: `gh_<tokenId>_<secret>`; the id names it (lists, logs), the secret proves it. */
const TOKEN = /^gh_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A new token: shown once to its creator; the store keeps only sha256 of the whole token. */
export const newApiToken = (): { tokenId: string; token: string; secretHash: string } => {
  const tokenId = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const token = `gh_${tokenId}_${randomBytes(32).toString('base64url')}`;
  return { tokenId, token, secretHash: sha256Hex(token) };
};

/** The hash to look a presented token up by, or null when it is not shaped like one of ours. */
export const hashOfPresented = (token: string): string | null => (TOKEN.test(token) ? sha256Hex(token) : null);
