import { evolveMember, initialMemberState, memberEvents, memberStreamId, type GuildStructureState } from '@guildhall/community';
import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope } from '@guildhall/kernel';
import { guildChannels, guildStructure } from './guild-channels.js';

const ADMINISTRATOR = 1n << 3n;
const MANAGE_ROLES = 1n << 28n;

/** Why the bot could not carry out an action, with the field it is about; null when it can (as far as Guildhall knows). */
export type CapabilityProblem = Readonly<{ code: 'ROLE_NOT_FOUND' | 'ROLE_NOT_ASSIGNABLE' | 'BOT_MISSING_PERMISSION' | 'BOT_ROLE_TOO_LOW' | 'CHANNEL_NOT_FOUND'; reason: string }>;

const bits = (p: string): bigint => {
  try {
    return BigInt(p);
  } catch {
    return 0n;
  }
};

/**
 * Discord's rule for giving or taking a role (https://discord.com/developers/docs/topics/permissions#permission-hierarchy):
 * the role exists and is not managed or @everyone; the bot has Manage Roles (or Administrator)
 * and its highest role is above the role. `botRoles` null: the bot's roles are not known yet, so
 * only the role itself is checked (the executor records Discord's refusal then).
 */
export const roleProblem = (s: GuildStructureState, guildId: string, roleId: string, botRoles: readonly string[] | null): CapabilityProblem | null => {
  const known = Object.values(s.roles).filter((r) => !r.deleted);
  if (known.length === 0) return null;
  const role = s.roles[roleId];
  if (!role || role.deleted) return { code: 'ROLE_NOT_FOUND', reason: `no role ${roleId} in this server` };
  if (role.value.managed || roleId === guildId) return { code: 'ROLE_NOT_ASSIGNABLE', reason: `@${role.value.name} is managed by Discord or an integration; no one can give or take it` };
  if (botRoles === null) return null;
  const held = known.filter((r) => r.value.id === guildId || botRoles.includes(r.value.id));
  const perms = held.reduce((p, r) => p | bits(r.value.permissions), 0n);
  if ((perms & ADMINISTRATOR) === 0n && (perms & MANAGE_ROLES) === 0n) return { code: 'BOT_MISSING_PERMISSION', reason: 'the bot lacks the Manage Roles permission in this server' };
  const top = Math.max(-1, ...held.filter((r) => r.value.id !== guildId).map((r) => r.value.position));
  if (role.value.position >= top) return { code: 'BOT_ROLE_TOO_LOW', reason: `@${role.value.name} is not below the bot's highest role; move the bot's role above it` };
  return null;
};

/** The bot member's roles as the community context recorded them (null: not recorded). */
export const memberRoles = async (store: Pick<EventStore, 'readStream'>, guildId: string, userId: string): Promise<readonly string[] | null> => {
  const { events } = await store.readStream(memberStreamId(guildId, userId));
  let state = initialMemberState();
  for (const envelope of events) {
    const e = eventFromEnvelope(memberEvents, envelope);
    if (e) state = evolveMember(state, e);
  }
  return state.roles;
};

type Action = Readonly<{ kind: string; roleId?: string; channelId?: string }>;

/** The first action of a definition the bot could not carry out, with its field (`actions[i].roleId`). */
export const actionProblem = async (store: Pick<EventStore, 'readStream'>, guildId: string, botUserId: string | null, actions: readonly Action[]): Promise<(CapabilityProblem & { field: string }) | null> => {
  if (!actions.some((a) => a.roleId !== undefined || a.channelId !== undefined)) return null;
  const structure = await guildStructure(store, guildId);
  const botRoles = botUserId ? await memberRoles(store, guildId, botUserId) : null;
  const channels = Object.keys(structure.channels).length ? await guildChannels(store, guildId) : null;
  for (const [i, a] of actions.entries()) {
    if (a.roleId !== undefined) {
      const p = roleProblem(structure, guildId, a.roleId, botRoles);
      if (p) return { ...p, field: `actions[${i}].roleId` };
    }
    if (a.channelId !== undefined && channels && !channels.some((c) => c.id === a.channelId)) {
      return { code: 'CHANNEL_NOT_FOUND', reason: `no text or announcement channel ${a.channelId} in this server`, field: `actions[${i}].channelId` };
    }
  }
  return null;
};
