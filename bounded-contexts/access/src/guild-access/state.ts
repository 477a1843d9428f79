import type { GrantableLevel, GrantSubject, Scope } from '../levels.js';

export type GrantState = Readonly<{ grantId: string; subject: GrantSubject; level: GrantableLevel; expiresAt: string | null; revoked: boolean }>;
export type TokenState = Readonly<{ tokenId: string; name: string; scopes: readonly Scope[]; secretHash: string; expiresAt: string | null; revoked: boolean }>;

/** A guild's grants and tokens, by id. */
export type GuildAccessState = Readonly<{
  grants: Readonly<Record<string, GrantState>>;
  tokens: Readonly<Record<string, TokenState>>;
}>;

export const initialGuildAccess = (): GuildAccessState => ({ grants: {}, tokens: {} });

export const own = <T>(map: Readonly<Record<string, T>>, id: string): T | undefined => (Object.hasOwn(map, id) ? map[id] : undefined);

/** The grants of a guild's access state that have not been revoked (expiry is `levelOf`'s to check, at its `now`). */
export const unrevokedGrants = (s: GuildAccessState): GrantState[] => Object.values(s.grants).filter((g) => !g.revoked);
