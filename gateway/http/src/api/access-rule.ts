import type { Level, Scope } from '@guildhall/access';

/**
 * Who may call a route. Every route of the API declares one (the route helper requires it, the
 * document carries it as `x-guildhall-access`, and the authorization matrix test is built from it).
 * - `public`: anyone (`security: []`).
 * - `signed-in`: any session; with `tokens`, an API token too (it sees only its own guild).
 * - `self`: a dashboard session, with or without a level anywhere (a member banned and gone from
 *   the guild too), acting only on its own user's record (the route reads the user from the
 *   session, never from the request); API tokens may not.
 * - `guild`: a route under `/guilds/{guildId}`: a session whose level in that guild is at least
 *   `level`, or a token of that guild holding `scope` (null: no token may).
 */
export type AccessRule =
  | Readonly<{ kind: 'public' }>
  | Readonly<{ kind: 'signed-in'; tokens: boolean }>
  | Readonly<{ kind: 'self' }>
  | Readonly<{ kind: 'guild'; level: Level; scope: Scope | null }>;

export const PUBLIC: AccessRule = { kind: 'public' };
export const SIGNED_IN: AccessRule = { kind: 'signed-in', tokens: false };
export const SELF: AccessRule = { kind: 'self' };
export const guildRule = (level: Level, scope: Scope | null): AccessRule => ({ kind: 'guild', level, scope });
