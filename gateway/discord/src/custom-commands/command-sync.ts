import { decodeCommitMessage, startReactor, type DeadLetterTarget, type Reactor } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import { registerGuildCommands, type GuildCommandSource } from '../slash-commands/register.js';

/** The events that change what a guild's command list holds. */
const CHANGES: ReadonlySet<string> = new Set(['CustomCommandCreated', 'CustomCommandUpdated', 'CustomCommandRolledBack', 'CustomCommandDeleted']);

export type CommandSyncOptions = Readonly<{
  nc: NatsConnection;
  client: Client;
  streamName: string;
  subjectPrefix: string;
  /** Per bot instance: each replica re-registers the guilds of its own shards. */
  consumerName: string;
  deadLetters: DeadLetterTarget;
  own: GuildCommandSource;
  logger: Logger;
}>;

/**
 * Re-registers a guild's slash commands whenever one of its custom commands is saved, rolled
 * back or deleted: the bulk overwrite reads the guild's stream, so it always registers the
 * latest state (several quick saves end in the last one). From now on only: READY registers
 * everything once.
 */
export const startCommandSync = (o: CommandSyncOptions): Promise<Reactor> =>
  startReactor<readonly EventEnvelope[]>({
    nc: o.nc,
    logger: o.logger,
    name: o.consumerName,
    stream: o.streamName,
    filterSubject: `${o.subjectPrefix}.automation.customcommands.>`,
    deadLetters: o.deadLetters,
    deliverPolicy: 'new',
    decode: (m) => {
      const d = decodeCommitMessage(m, o.subjectPrefix);
      return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
    },
    keyOf: (events) => events[0]?.guildId ?? '_',
    concurrency: 4,
    backoffMs: [500, 2_000, 5_000],
    handle: async (events) => {
      const first = events[0];
      if (!first || !events.some((e) => CHANGES.has(e.type))) return;
      const guild = o.client.guilds.cache.get(first.guildId);
      // Another replica's shard has this guild.
      if (!guild) return;
      const ok = await registerGuildCommands(guild, o.logger, o.own);
      if (!ok) throw new Error(`could not register the slash commands of guild ${first.guildId}`);
      o.logger.info({ guildId: first.guildId, change: events.map((e) => e.type) }, 'guild commands re-registered');
    },
  });
