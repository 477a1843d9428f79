import { deterministicId } from '@guildhall/kernel';
import type { Guild } from 'discord.js';
import type { DiscordFact, FactMember } from '../facts/index.js';
import { makeFact, type IngestContext } from './fact-builder.js';
import { channelFromCache, memberFromCache, roleFromCache } from './map-cache.js';

/** Members per chunk: ~1000 members stay far below NATS's 1 MB message limit. */
export const MEMBERS_PER_CHUNK = 1000;

/**
 * A snapshot of one guild (roles, channels, every member) so read models can start from truth.
 * Members are fetched through the gateway (REQUEST_GUILD_MEMBERS); if that fails the snapshot
 * holds the members cached so far and says how many it has.
 */
export const snapshotFacts = async (
  ctx: IngestContext,
  guild: Guild,
  trigger: 'ready' | 'guild-create',
  sessionId: string | null,
  shardId: number,
): Promise<DiscordFact[]> => {
  try {
    await guild.members.fetch({ time: 30_000 });
  } catch (err) {
    ctx.logger.warn({ err, guildId: guild.id }, 'member fetch for the snapshot failed; using the cached members');
  }
  const observedAt = new Date().toISOString();
  const meta = { shardId, observedAt };
  const snapshotId = deterministicId('guild-snapshot', guild.id, sessionId ?? observedAt);
  const members: FactMember[] = [...guild.members.cache.values()].filter((m) => !m.partial).map(memberFromCache);
  const chunkCount = Math.max(1, Math.ceil(members.length / MEMBERS_PER_CHUNK));
  const facts: DiscordFact[] = [
    makeFact(
      'guild-snapshot',
      guild.id,
      [snapshotId],
      {
        snapshotId,
        guild: { id: guild.id, name: guild.name, ownerId: guild.ownerId, memberCount: guild.memberCount, icon: guild.icon },
        roles: [...guild.roles.cache.values()].map(roleFromCache),
        channels: [...guild.channels.cache.values()].map(channelFromCache),
        memberChunkCount: chunkCount,
        trigger,
      },
      meta,
    ),
  ];
  for (let i = 0; i < chunkCount; i++) {
    const chunk = members.slice(i * MEMBERS_PER_CHUNK, (i + 1) * MEMBERS_PER_CHUNK);
    facts.push(makeFact('guild-members-chunk', guild.id, [snapshotId, i], { snapshotId, chunkIndex: i, chunkCount, members: chunk }, meta));
  }
  return facts;
};
