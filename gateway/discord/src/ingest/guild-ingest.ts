import { makeFact, sessionKey, type DispatchHandler } from './fact-builder.js';
import { ChannelChangeSchema, RoleChangeSchema, RoleDeleteSchema } from './gateway-payloads.js';
import { channelFromApi, roleFromApi } from './map-api.js';

export const onRoleCreate: DispatchHandler = (_ctx, d, meta) => {
  const p = RoleChangeSchema.parse(d);
  return { guildId: p.guild_id, facts: [makeFact('role-created', p.guild_id, sessionKey(meta), { role: roleFromApi(p.role) }, meta)] };
};

export const onRoleUpdate: DispatchHandler = (_ctx, d, meta) => {
  const p = RoleChangeSchema.parse(d);
  return { guildId: p.guild_id, facts: [makeFact('role-updated', p.guild_id, sessionKey(meta), { role: roleFromApi(p.role) }, meta)] };
};

export const onRoleDelete: DispatchHandler = (_ctx, d, meta) => {
  const p = RoleDeleteSchema.parse(d);
  return { guildId: p.guild_id, facts: [makeFact('role-deleted', p.guild_id, sessionKey(meta), { roleId: p.role_id }, meta)] };
};

/** Channel dispatches for DMs carry no guild and are not guild facts. */
const channelFact =
  (type: 'channel-created' | 'channel-updated' | 'channel-deleted'): DispatchHandler =>
  (_ctx, d, meta) => {
    const p = ChannelChangeSchema.parse(d);
    if (!p.guild_id) return null;
    return { guildId: p.guild_id, facts: [makeFact(type, p.guild_id, sessionKey(meta), { channel: channelFromApi(p) }, meta)] };
  };

export const onChannelCreate = channelFact('channel-created');
export const onChannelUpdate = channelFact('channel-updated');
export const onChannelDelete = channelFact('channel-deleted');
