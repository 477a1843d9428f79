import { guildStructureEvents, guildStructureStreamId, evolveGuildStructure, initialGuildStructure, type GuildStructureState } from '@guildhall/community';
import type { EventStore } from '@guildhall/eventing';
import { eventFromEnvelope } from '@guildhall/kernel';

export type ChannelOption = Readonly<{ id: string; name: string; type: number; parentId: string | null; position: number }>;

/** Discord channel types a bot can post a message to: text (0) and announcement (5). */
const POSTABLE = new Set([0, 5]);

/**
 * The guild's channels and roles, replayed from the community context's guild-structure stream
 * with its own evolve (a short stream: one event per channel or role change). No read model
 * keeps them yet; when one does, this becomes a query.
 */
export const guildStructure = async (store: Pick<EventStore, 'readStream'>, guildId: string): Promise<GuildStructureState> => {
  const { events } = await store.readStream(guildStructureStreamId(guildId));
  let state = initialGuildStructure();
  for (const envelope of events) {
    const event = eventFromEnvelope(guildStructureEvents, envelope);
    if (event) state = evolveGuildStructure(state, event);
  }
  return state;
};

export const guildChannels = async (store: Pick<EventStore, 'readStream'>, guildId: string): Promise<ChannelOption[]> =>
  Object.values((await guildStructure(store, guildId)).channels)
    .filter((c) => !c.deleted && POSTABLE.has(c.value.type))
    .map(({ value: c }) => ({ id: c.id, name: c.name, type: c.type, parentId: c.parentId, position: c.position }))
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));

/** Each live role's permission bits, by role id. */
export const guildRolePermissions = async (store: Pick<EventStore, 'readStream'>, guildId: string): Promise<Record<string, string>> =>
  Object.fromEntries(
    Object.values((await guildStructure(store, guildId)).roles)
      .filter((r) => !r.deleted)
      .map((r) => [r.value.id, r.value.permissions]),
  );
