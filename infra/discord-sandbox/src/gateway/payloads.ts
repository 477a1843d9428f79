import {
  ApplicationFlags,
  GatewayIntentBits as I,
  type APIGuildMember,
  type GatewayGuildCreateDispatchData,
  type GatewayGuildMembersChunkDispatchData,
  type GatewayPresenceUpdate,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { presenceData } from '../world/members.js';
import { voiceStatesOf } from '../world/voice.js';
import type { WorldState } from '../world/state.js';
import { shardOf } from './intents.js';

export const APPLICATION_FLAGS = ApplicationFlags.GatewayPresence | ApplicationFlags.GatewayGuildMembers | ApplicationFlags.GatewayMessageContent;

export const guildsOfShard = (world: WorldState, shard: [number, number]): string[] =>
  [...world.guilds.values()]
    .filter((g) => g.members.has(world.bot.userId) && shardOf(g.base.id, shard[1]) === shard[0])
    .map((g) => g.base.id);

export const readyData = (world: WorldState, sessionId: string, resumeUrl: string, shard: [number, number]): GatewayReadyDispatchData => ({
  v: 10,
  user: { ...world.user(world.bot.userId), verified: true, mfa_enabled: false },
  guilds: guildsOfShard(world, shard).map((id) => ({ id, unavailable: true })),
  session_id: sessionId,
  resume_gateway_url: resumeUrl,
  shard,
  application: { id: world.bot.applicationId, flags: APPLICATION_FLAGS, flags_new: String(APPLICATION_FLAGS) },
});

const presencesOf = (world: WorldState, guildId: string): GatewayPresenceUpdate[] =>
  [...world.guild(guildId).presences.entries()].map(([userId, p]) => presenceData(guildId, userId, p.status, p.activities));

/**
 * GUILD_CREATE as a bot with `intents` sees it. As measured on Discord: the member list is
 * only sent with GUILD_PRESENCES (all members of a small guild if GUILD_MEMBERS too, online
 * ones of a large guild); otherwise just the bot itself.
 */
export const guildCreateData = (world: WorldState, guildId: string, intents: number, largeThreshold: number): GatewayGuildCreateDispatchData => {
  const g = world.guild(guildId);
  const large = g.members.size > largeThreshold;
  const withPresences = (intents & I.GuildPresences) !== 0;
  let members: APIGuildMember[];
  const bot = g.members.get(world.bot.userId);
  if ((intents & I.GuildMembers) !== 0 && withPresences && !large) members = [...g.members.values()].map((m) => world.memberObject(m));
  else if (large && withPresences) {
    members = [...g.members.values()].filter((m) => m.userId === world.bot.userId || g.presences.has(m.userId)).map((m) => world.memberObject(m));
  } else members = bot ? [world.memberObject(bot)] : [];
  return {
    ...world.guildObject(guildId),
    joined_at: g.joinedAt,
    large,
    unavailable: false,
    member_count: g.members.size,
    voice_states: voiceStatesOf(world, guildId).map(({ guild_id: _g, ...v }) => v),
    members,
    channels: world.guildChannels(guildId),
    threads: [],
    presences: withPresences ? presencesOf(world, guildId) : [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
};

export interface MembersRequest {
  guildId: string;
  query?: string | undefined;
  limit?: number | undefined;
  userIds?: string[] | undefined;
  presences: boolean;
  nonce?: string | undefined;
}

const CHUNK_SIZE = 1000;

/** Answers op 8: matching members in chunks of 1000, each echoing the request's nonce. */
export const memberChunks = (world: WorldState, req: MembersRequest): GatewayGuildMembersChunkDispatchData[] => {
  const g = world.guild(req.guildId);
  let records = [...g.members.values()];
  const notFound: string[] = [];
  if (req.userIds) {
    const wanted = req.userIds.slice(0, 100);
    records = wanted.flatMap((id) => {
      const m = g.members.get(id);
      if (!m) notFound.push(id);
      return m ? [m] : [];
    });
  } else {
    const q = (req.query ?? '').toLowerCase();
    if (q) {
      records = records.filter((m) => {
        const u = world.users.get(m.userId);
        return [u?.username, u?.global_name, m.nick].some((n) => n?.toLowerCase().startsWith(q));
      });
    }
    const limit = req.limit ?? 0;
    const cap = q ? Math.min(limit || 100, 100) : limit;
    if (cap > 0) records = records.slice(0, cap);
  }
  const chunkCount = Math.max(1, Math.ceil(records.length / CHUNK_SIZE));
  return Array.from({ length: chunkCount }, (_, i) => {
    const slice = records.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
    const chunk: GatewayGuildMembersChunkDispatchData = {
      guild_id: req.guildId,
      members: slice.map((m) => world.memberObject(m)),
      chunk_index: i,
      chunk_count: chunkCount,
      ...(req.nonce !== undefined ? { nonce: req.nonce } : {}),
    };
    if (i === 0 && notFound.length) chunk.not_found = notFound;
    if (req.presences) {
      chunk.presences = slice.flatMap((m) => {
        const p = g.presences.get(m.userId);
        return p ? [presenceData(req.guildId, m.userId, p.status, p.activities)] : [];
      });
    }
    return chunk;
  });
};
