import { levelFromDiscord, levelOf, permissionsOfRoles, type Level } from '@guildhall/access';
import type { EventStore } from '@guildhall/eventing';
import { getMemberRoles, listGrants } from '@guildhall/projections';
import type { Pool } from 'pg';
import type { GuildAccess, Principal } from '../http/principal.js';
import { guildRolePermissions } from '../queries/guild-channels.js';

/** How long a guild's role permissions are reused: a role's permission change counts within this. */
const ROLE_CACHE_MS = 30_000;

/**
 * A session's level in a guild, by the access context's one rule (`levelOf`): Discord's level —
 * from the member's roles as the bot last saw them and those roles' permissions when known
 * (so a role change counts within half a minute), else from the OAuth answer at login — raised
 * by the grants in force, read on every request (a revocation counts at once).
 */
export class LevelResolver {
  private readonly roleCache = new Map<string, { at: number; perms: Promise<Record<string, string>> }>();

  constructor(
    private readonly pool: Pool,
    private readonly store: Pick<EventStore, 'readStream'>,
  ) {}

  private rolePermissions(guildId: string): Promise<Record<string, string>> {
    const hit = this.roleCache.get(guildId);
    if (hit && Date.now() - hit.at < ROLE_CACHE_MS) return hit.perms;
    const perms = guildRolePermissions(this.store, guildId).catch(() => ({}));
    this.roleCache.set(guildId, { at: Date.now(), perms });
    return perms;
  }

  async discordLevel(session: Extract<Principal, { kind: 'session' }>, guildId: string, roleIds: readonly string[] | null): Promise<Level | null> {
    const login = session.guilds.find((g) => g.id === guildId);
    if (!login) return null;
    if (login.owner || roleIds === null) return levelFromDiscord(login);
    const perms = await this.rolePermissions(guildId);
    if (Object.keys(perms).length === 0) return levelFromDiscord(login);
    // The @everyone role's id is the guild's.
    return levelFromDiscord({ owner: false, permissions: permissionsOfRoles([guildId, ...roleIds], perms) });
  }

  /** The guild as the session may use it, or null when the user is not in it (per their login). */
  async guildFor(session: Extract<Principal, { kind: 'session' }>, guildId: string, now = new Date()): Promise<GuildAccess | null> {
    const login = session.guilds.find((g) => g.id === guildId);
    if (!login) return null;
    const [roleIds, grants] = await Promise.all([getMemberRoles(this.pool, guildId, session.user.id), listGrants(this.pool, { guildId, now })]);
    const discordLevel = await this.discordLevel(session, guildId, roleIds);
    const level = levelOf({ userId: session.user.id, roleIds: roleIds ?? [], discordLevel }, grants, now.toISOString());
    return { id: login.id, name: login.name, icon: login.icon, level };
  }
}
