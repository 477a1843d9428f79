import type { CommandBus, EventStore, StreamWaiter } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { guildGrants, readCase, readMemberRecord } from './case-queries.js';
import { isCommandName, type CommandName } from './definitions.js';
import { moderationRequest, type TargetUser } from './moderation-requests.js';
import { COMMAND_LEVEL, mayUse, permissionLabel, seedGrants, type Grants } from './permissions.js';
import { handleMusicCommand } from './music-commands.js';
import { isMusicCommandName } from './music-definitions.js';
import { waitForPurgeOutcome } from './purge-outcome.js';
import { awaitingApprovalReply, caseReply, historyReply, purgeReply, sanctionReply } from './replies.js';
import { waitForOutcome } from '@guildhall/moderation/runtime';
import { customCommandNamed } from '../custom-commands/custom-command-store.js';
import { runCustomCommand } from '../custom-commands/run-custom-command.js';
import { isApprovalStreamId, moderationCatalogue } from '@guildhall/moderation';

export type SlashCommandDeps = Readonly<{
  bus: CommandBus;
  store: EventStore;
  /** The one wait for a request's outcome (pushed by the stream's appends). */
  waiter: StreamWaiter;
  grants: Grants;
  /** How long to wait for the case and Discord's outcome before answering "still working". */
  replyWaitMs: number;
  logger: Logger;
}>;

type GuildInteraction = ChatInputCommandInteraction<'cached' | 'raw'>;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;
const HISTORY_CASES = 10;

const roleIdsOf = (i: GuildInteraction): string[] => {
  const roles = i.member.roles;
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
};

const targetOf = (i: GuildInteraction): TargetUser => {
  const u = i.options.getUser('user', true);
  return { id: u.id, name: u.globalName ?? u.username };
};

/**
 * The bus command of an interaction: id from the interaction id (a duplicated interaction is one
 * command), the invoking Discord user as actor, source `slash-command`.
 */
export const interactionCommand = (i: GuildInteraction, type: string, payload: unknown): CommandEnvelope => {
  const id = deterministicId('slash-command', i.id);
  return {
    id,
    type,
    issuedAt: i.createdAt.toISOString(),
    guildId: i.guildId,
    actor: { kind: 'discord-user', id: i.user.id, name: i.user.globalName ?? i.user.username },
    source: 'slash-command',
    correlationId: id,
    causationId: null,
    payload,
  };
};

const sanction = async (deps: SlashCommandDeps, i: GuildInteraction, name: CommandName): Promise<void> => {
  const target = targetOf(i);
  const request = moderationRequest(name, {
    target,
    reason: i.options.getString('reason'),
    text: i.options.getString('text'),
    duration: i.options.getString('duration'),
    deleteMessageSeconds: i.options.getInteger('delete_messages'),
  });
  if ('error' in request) {
    await i.reply({ content: `❌ ${request.error}`, ...ephemeral });
    return;
  }
  await i.deferReply(ephemeral);
  const command = interactionCommand(i, request.type, request.payload);
  const started = Date.now();
  const result = await deps.bus.send(command, { context: 'moderation', waitMs: Math.min(deps.replyWaitMs, 5_000) });
  // Four-eyes held it: nothing happens until a second moderator approves, so there is no outcome to wait for.
  const held = result.status === 'accepted' && isApprovalStreamId(result.streamId);
  const outcome =
    result.status === 'accepted' && !held
      ? await waitForOutcome(deps.waiter, { guildId: i.guildId, userId: target.id, requestId: command.id }, Math.max(0, deps.replyWaitMs - (Date.now() - started)))
      : null;
  deps.logger.info({ command: name, commandId: command.id, result: result.status, outcome: outcome?.status, awaitingApproval: held }, 'slash command handled');
  await i.editReply({ content: held ? awaitingApprovalReply(moderationCatalogue[request.type].label, target, command.id) : sanctionReply(request.verb, target, result, outcome) });
};

/** /purge asks messaging for a purge of the channel it was used in (of one member's messages with `user`); the executor carries it out. */
const purge = async (deps: SlashCommandDeps, i: GuildInteraction): Promise<void> => {
  await i.deferReply(ephemeral);
  const payload = { channelId: i.channelId, count: i.options.getInteger('count', true), userId: i.options.getUser('user')?.id ?? null, reason: i.options.getString('reason') };
  const command = interactionCommand(i, 'PurgeMessages', payload);
  const started = Date.now();
  const result = await deps.bus.send(command, { context: 'messaging', waitMs: Math.min(deps.replyWaitMs, 5_000) });
  const outcome =
    result.status === 'accepted' ? await waitForPurgeOutcome(deps.waiter, i.guildId, command.id, Math.max(0, deps.replyWaitMs - (Date.now() - started))) : null;
  deps.logger.info({ command: 'purge', commandId: command.id, result: result.status, outcome: outcome?.status }, 'slash command handled');
  await i.editReply({ content: purgeReply(i.channelId, result, outcome) });
};

const showCase = async (deps: SlashCommandDeps, i: GuildInteraction): Promise<void> => {
  await i.deferReply(ephemeral);
  const n = i.options.getInteger('number', true);
  const c = await readCase(deps.store, i.guildId, n);
  await i.editReply({ content: c ? caseReply(c) : `No case #${n} in this server.` });
};

const showHistory = async (deps: SlashCommandDeps, i: GuildInteraction): Promise<void> => {
  await i.deferReply(ephemeral);
  const target = targetOf(i);
  const record = await readMemberRecord(deps.store, i.guildId, target.id);
  const latest = record.caseNumbers.slice(-HISTORY_CASES).reverse();
  const cases = (await Promise.all(latest.map((n) => readCase(deps.store, i.guildId, n)))).filter((c) => c !== null);
  await i.editReply({ content: historyReply(target, record, cases) });
};

/** Answers one slash command; every failure ends in an ephemeral message, never a crash. */
export const handleSlashCommand = async (deps: SlashCommandDeps, interaction: ChatInputCommandInteraction): Promise<void> => {
  if (interaction.inGuild() && isMusicCommandName(interaction.commandName)) return musicCommand(deps, interaction, interaction.commandName);
  if (interaction.inGuild() && !isCommandName(interaction.commandName)) return customCommand(deps, interaction);
  if (!interaction.inGuild() || !isCommandName(interaction.commandName)) return;
  const i = interaction;
  const name = interaction.commandName;
  const invoker = { guildId: i.guildId, userId: i.user.id, permissions: i.memberPermissions?.bitfield ?? null, roleIds: roleIdsOf(i) };
  try {
    const grants = [...seedGrants(deps.grants, i.guildId), ...(await guildGrants(deps.store, i.guildId))];
    if (!mayUse(name, invoker, grants)) {
      await i.reply({ content: `🚫 /${name} needs the ${permissionLabel(name)} permission or the Guildhall ${COMMAND_LEVEL[name]} level.`, ...ephemeral });
      return;
    }
    if (name === 'case') await showCase(deps, i);
    else if (name === 'history') await showHistory(deps, i);
    else if (name === 'purge') await purge(deps, i);
    else await sanction(deps, i, name);
  } catch (err) {
    deps.logger.error({ err, command: name, interactionId: i.id }, 'slash command failed');
    const content = '❌ Something went wrong while handling this command; nothing may have changed. Try again, or check /history.';
    await (i.deferred || i.replied ? i.editReply({ content }) : i.reply({ content, ...ephemeral })).catch(() => undefined);
  }
};

/** A command defined in the dashboard (automation's custom commands); every failure ends in a message. */
const customCommand = async (deps: SlashCommandDeps, i: GuildInteraction): Promise<void> => {
  try {
    const command = await customCommandNamed(deps.store, i.guildId, i.commandName);
    if (!command) {
      await i.reply({ content: `❌ /${i.commandName} is no longer a command of this server.`, ...ephemeral });
      return;
    }
    const grants = [...seedGrants(deps.grants, i.guildId), ...(await guildGrants(deps.store, i.guildId))];
    await runCustomCommand(deps, i, command, grants, interactionCommand);
  } catch (err) {
    deps.logger.error({ err, command: i.commandName, interactionId: i.id }, 'custom slash command failed');
    const content = '❌ Something went wrong while running this command; try again.';
    await (i.deferred || i.replied ? i.editReply({ content }) : i.reply({ content, ...ephemeral })).catch(() => undefined);
  }
};

/** The music commands: the guild's music rules (in the music context) decide who may; every failure ends in a message. */
const musicCommand = async (deps: SlashCommandDeps, i: GuildInteraction, name: Parameters<typeof handleMusicCommand>[2]): Promise<void> => {
  try {
    await handleMusicCommand(deps, i, name, interactionCommand);
  } catch (err) {
    deps.logger.error({ err, command: name, interactionId: i.id }, 'music slash command failed');
    const content = '❌ Something went wrong while handling this command; the music goes on. Try again.';
    await (i.deferred || i.replied ? i.editReply({ content }) : i.reply({ content, ...ephemeral })).catch(() => undefined);
  }
};
