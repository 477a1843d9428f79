import type { Decider } from '@guildhall/kernel';
import type { Channel, Role } from './community-schemas.js';
import type { GuildStructureCommand, GuildStructureEvent } from './guild-structure-messages.js';

type Known<T> = Readonly<{ value: T; deleted: boolean }>;

export type GuildStructureState = Readonly<{
  channels: Readonly<Record<string, Known<Channel>>>;
  roles: Readonly<Record<string, Known<Role>>>;
}>;

export const initialGuildStructure = (): GuildStructureState => ({ channels: {}, roles: {} });

const own = <T>(map: Readonly<Record<string, T>>, id: string): T | undefined => (Object.hasOwn(map, id) ? map[id] : undefined);

/** Field names whose values differ; every field when there is nothing to compare with. */
export const changedFields = <T extends Record<string, unknown>>(before: T | null, after: T): string[] =>
  Object.keys(after).filter((k) => before === null || JSON.stringify(before[k]) !== JSON.stringify(after[k]));

export const evolveGuildStructure = (s: GuildStructureState, e: GuildStructureEvent): GuildStructureState => {
  switch (e.type) {
    case 'ChannelCreated':
      return { ...s, channels: { ...s.channels, [e.data.channel.id]: { value: e.data.channel, deleted: false } } };
    case 'ChannelUpdated':
      return { ...s, channels: { ...s.channels, [e.data.channelId]: { value: e.data.after, deleted: false } } };
    case 'ChannelDeleted':
      return { ...s, channels: { ...s.channels, [e.data.channel.id]: { value: e.data.channel, deleted: true } } };
    case 'RoleCreated':
      return { ...s, roles: { ...s.roles, [e.data.role.id]: { value: e.data.role, deleted: false } } };
    case 'RoleUpdated':
      return { ...s, roles: { ...s.roles, [e.data.roleId]: { value: e.data.after, deleted: false } } };
    case 'RoleDeleted': {
      const known = own(s.roles, e.data.roleId);
      return known ? { ...s, roles: { ...s.roles, [e.data.roleId]: { ...known, deleted: true } } } : s;
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

type Of<T extends GuildStructureCommand['type']> = Extract<GuildStructureCommand, { type: T }>;

export const recordChannelCreated = (c: Of<'RecordChannelCreated'>, s: GuildStructureState): GuildStructureEvent[] => {
  const known = own(s.channels, c.data.channel.id);
  if (known && !known.deleted) return [];
  return [{ type: 'ChannelCreated', data: { channel: c.data.channel, at: c.meta.now } }];
};

export const recordChannelUpdated = (c: Of<'RecordChannelUpdated'>, s: GuildStructureState): GuildStructureEvent[] => {
  const known = own(s.channels, c.data.channel.id);
  if (known?.deleted) return [];
  const before = known?.value ?? null;
  const changed = changedFields(before, c.data.channel);
  if (changed.length === 0) return [];
  return [{ type: 'ChannelUpdated', data: { channelId: c.data.channel.id, before, after: c.data.channel, changed, at: c.meta.now } }];
};

export const recordChannelDeleted = (c: Of<'RecordChannelDeleted'>, s: GuildStructureState): GuildStructureEvent[] => {
  if (own(s.channels, c.data.channel.id)?.deleted) return [];
  return [{ type: 'ChannelDeleted', data: { channel: c.data.channel, at: c.meta.now } }];
};

export const recordRoleCreated = (c: Of<'RecordRoleCreated'>, s: GuildStructureState): GuildStructureEvent[] => {
  const known = own(s.roles, c.data.role.id);
  if (known && !known.deleted) return [];
  return [{ type: 'RoleCreated', data: { role: c.data.role, at: c.meta.now } }];
};

export const recordRoleUpdated = (c: Of<'RecordRoleUpdated'>, s: GuildStructureState): GuildStructureEvent[] => {
  const known = own(s.roles, c.data.role.id);
  if (known?.deleted) return [];
  const before = known?.value ?? null;
  const changed = changedFields(before, c.data.role);
  if (changed.length === 0) return [];
  return [{ type: 'RoleUpdated', data: { roleId: c.data.role.id, before, after: c.data.role, changed, at: c.meta.now } }];
};

export const recordRoleDeleted = (c: Of<'RecordRoleDeleted'>, s: GuildStructureState): GuildStructureEvent[] => {
  const known = own(s.roles, c.data.roleId);
  if (known?.deleted) return [];
  return [{ type: 'RoleDeleted', data: { roleId: c.data.roleId, role: known?.value ?? null, at: c.meta.now } }];
};

export const decideGuildStructure = (command: GuildStructureCommand, state: GuildStructureState): GuildStructureEvent[] => {
  switch (command.type) {
    case 'RecordChannelCreated':
      return recordChannelCreated(command, state);
    case 'RecordChannelUpdated':
      return recordChannelUpdated(command, state);
    case 'RecordChannelDeleted':
      return recordChannelDeleted(command, state);
    case 'RecordRoleCreated':
      return recordRoleCreated(command, state);
    case 'RecordRoleUpdated':
      return recordRoleUpdated(command, state);
    case 'RecordRoleDeleted':
      return recordRoleDeleted(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

export const guildStructureDecider: Decider<GuildStructureState, GuildStructureCommand, GuildStructureEvent> = {
  decide: decideGuildStructure,
  evolve: evolveGuildStructure,
  initialState: initialGuildStructure,
};
