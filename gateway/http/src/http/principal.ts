import type { Level, Scope } from '@guildhall/access';
import type { Actor, Source } from '@guildhall/kernel';

export type SessionUser = Readonly<{ id: string; name: string; avatar: string | null }>;
/** A guild as Discord's OAuth listed it at login: the fallback for the Discord-derived level. */
export type LoginGuild = Readonly<{ id: string; name: string; icon: string | null; owner: boolean; permissions: string }>;

/** Who is calling: a dashboard session (server side, revocable) or a third party's API token. */
export type Principal =
  | Readonly<{ kind: 'session'; sessionId: string; user: SessionUser; guilds: readonly LoginGuild[]; createdAt: string; expiresAt: string }>
  | Readonly<{ kind: 'token'; tokenId: string; name: string; guildId: string; scopes: readonly Scope[]; issuedBy: Actor }>;

/** The guild of a `/guilds/{guildId}/...` route, as the caller may use it. */
export type GuildAccess = Readonly<{ id: string; name: string; icon: string | null; level: Level | null }>;

/** The actor and source a principal's commands carry: a token's commands name the token and the admin who made it. */
export const attributionOf = (p: Principal): Readonly<{ actor: Actor; source: Source }> =>
  p.kind === 'session'
    ? { actor: { kind: 'dashboard-user', id: p.user.id, name: p.user.name }, source: 'web' }
    : { actor: { kind: 'automation', id: `api-token:${p.tokenId}`, name: `${p.name} (API token of ${p.issuedBy.name} ${p.issuedBy.id})` }, source: 'api' };
