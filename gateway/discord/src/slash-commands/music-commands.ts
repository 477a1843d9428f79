import { aggregateStream, type CommandBus, type EventStore } from '@guildhall/eventing';
import type { CommandEnvelope, EventEnvelope } from '@guildhall/kernel';
import {
  musicLibraryAggregate,
  musicLibraryStreamId,
  musicSessionAggregate,
  musicSessionStreamId,
  parseMusicSessionEvent,
  type AccessLevel,
  type Invoker,
  type MusicLibraryState,
  type MusicSessionEvent,
  type MusicSessionState,
} from '@guildhall/music';
import { randomInt } from 'node:crypto';
import { ChannelType, MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { MusicCommandName } from './music-definitions.js';
import { musicCommandReply, nowPlayingReply, queueReply } from './music-replies.js';
import { musicRequest, type MusicOptions } from './music-requests.js';

export type MusicSlashDeps = Readonly<{ bus: CommandBus; store: EventStore; replyWaitMs: number; logger: Logger }>;
type GuildInteraction = ChatInputCommandInteraction<'cached' | 'raw'>;

/** The guild's music session as the event store has it now (the truth, not a read model that may lag). */
export const readMusicSession = async (store: EventStore, guildId: string): Promise<{ state: MusicSessionState; events: readonly EventEnvelope[] }> =>
  aggregateStream(store, musicSessionStreamId(guildId), musicSessionAggregate);

export const readMusicLibrary = async (store: EventStore, guildId: string): Promise<MusicLibraryState> =>
  (await aggregateStream(store, musicLibraryStreamId(guildId), musicLibraryAggregate)).state;

/** The access level Discord's permissions give (until the access context grants levels). */
export const levelOfPermissions = (bits: bigint): AccessLevel => {
  const has = (p: bigint) => (bits & p) === p;
  if (has(PermissionFlagsBits.Administrator) || has(PermissionFlagsBits.ManageGuild)) return 'manager';
  if ([PermissionFlagsBits.ModerateMembers, PermissionFlagsBits.KickMembers, PermissionFlagsBits.BanMembers, PermissionFlagsBits.ManageMessages].some(has)) return 'moderator';
  return 'member';
};

/** Who asks, as Discord shows them: level, roles, their voice channel and how many people listen there. */
const invokerOf = (i: GuildInteraction): Invoker => {
  const roles = i.member.roles;
  const roleIds = Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
  const voice = i.guild?.voiceStates.cache.get(i.user.id)?.channelId ?? null;
  const channel = voice ? i.guild?.channels.cache.get(voice) : undefined;
  const listeners = channel && (channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice) ? channel.members.filter((m) => !m.user.bot).size : null;
  return { level: levelOfPermissions(i.memberPermissions?.bitfield ?? 0n), roleIds, voiceChannelId: voice, listenerCount: listeners };
};

const optionsOf = (i: GuildInteraction): MusicOptions => ({
  subcommand: i.options.getSubcommand(false),
  query: i.options.getString('query'),
  level: i.options.getInteger('level'),
  position: i.options.get('position')?.value as string | number | null ?? null,
  mode: i.options.getString('mode'),
  from: i.options.getInteger('from'),
  to: i.options.getInteger('to'),
  name: i.options.getString('name'),
});

/**
 * One music slash command: a read (/queue, /nowplaying) from the event store, or a music command
 * on the bus as the invoking member, answered with what it did or why not.
 */
export const handleMusicCommand = async (
  deps: MusicSlashDeps,
  i: GuildInteraction,
  name: MusicCommandName,
  toEnvelope: (i: GuildInteraction, type: string, payload: unknown) => CommandEnvelope,
): Promise<void> => {
  const library = name === 'play' ? await readMusicLibrary(deps.store, i.guildId) : null;
  const request = musicRequest(name, optionsOf(i), library, randomInt(0, 2 ** 32 - 1));
  if ('error' in request) {
    await i.reply({ content: `❌ ${request.error}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (request.kind === 'show') {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const { state } = await readMusicSession(deps.store, i.guildId);
    await i.editReply({ content: request.what === 'queue' ? queueReply(state) : nowPlayingReply(state, new Date().toISOString()) });
    return;
  }
  await i.deferReply();
  const command = toEnvelope(i, request.type, { ...request.payload, invoker: invokerOf(i) });
  const result = await deps.bus.send(command, { context: 'music', waitMs: deps.replyWaitMs });
  const after = result.status === 'accepted' ? await readMusicSession(deps.store, i.guildId) : null;
  const caused = (after?.events ?? []).filter((e) => e.causationId === command.id);
  const events = caused.map((e) => parseMusicSessionEvent(e)).filter((e): e is MusicSessionEvent => e !== undefined);
  deps.logger.info({ command: name, commandId: command.id, result: result.status }, 'music slash command handled');
  await i.editReply({ content: musicCommandReply(result, events, after?.state ?? null, command.id) });
};
