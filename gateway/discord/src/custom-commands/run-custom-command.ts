import { atLeast, levelFromDiscord, levelOf, type ActiveGrant } from '@guildhall/access';
import { customCommandsStreamId, parseCustomCommandEvent, type CustomCommandEntry, type RunPermission } from '@guildhall/automation';
import type { CommandBus, CommandResult, EventStore } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { ApplicationCommandOptionType, MessageFlags, type ChatInputCommandInteraction, type CommandInteractionOption } from 'discord.js';
import type { Logger } from 'pino';

type GuildInteraction = ChatInputCommandInteraction<'cached' | 'raw'>;

export type CustomCommandDeps = Readonly<{
  bus: CommandBus;
  store: EventStore;
  logger: Logger;
  /** How long to wait for the run to be decided: Discord wants an answer within 3 s. */
  decideWaitMs?: number;
}>;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;

/** Who may run it: anyone; or members at the level or above; or holding one of the roles. */
export const mayRun = (p: RunPermission, member: Readonly<{ level: ReturnType<typeof levelOf>; roleIds: readonly string[] }>): boolean => {
  if (p.roleIds.some((r) => member.roleIds.includes(r))) return true;
  if (p.level === 'everyone') return p.roleIds.length === 0;
  return atLeast(member.level, p.level);
};

const who = (p: RunPermission): string => {
  const level = p.level === 'everyone' ? null : `the Guildhall ${p.level} level`;
  const roles = p.roleIds.length ? `one of the roles ${p.roleIds.map((r) => `<@&${r}>`).join(', ')}` : null;
  return [level, roles].filter(Boolean).join(' or ');
};

/** An option's value as the template shows it: a user, channel or role as a mention. */
const textOf = (o: CommandInteractionOption): string => {
  const v = String(o.value ?? '');
  switch (o.type) {
    case ApplicationCommandOptionType.User:
      return `<@${v}>`;
    case ApplicationCommandOptionType.Channel:
      return `<#${v}>`;
    case ApplicationCommandOptionType.Role:
      return `<@&${v}>`;
    default:
      return v;
  }
};

const roleIdsOf = (i: GuildInteraction): string[] => {
  const roles = i.member.roles;
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
};

/** The slash-command envelope maker (interaction-handler's `interactionCommand`: actor, source, correlation from the interaction). */
export type InteractionCommand = (i: GuildInteraction, type: string, payload: unknown) => CommandEnvelope;

/** The reply a refused or unfinished run gets (always ephemeral: only the member sees it). */
const refusal = (command: string, result: Exclude<CommandResult, { status: 'accepted' }>): string => {
  switch (result.status) {
    case 'rejected':
      return result.code === 'ON_COOLDOWN' ? `⏳ ${result.message}.` : `❌ /${command} did not run: ${result.message} (${result.code}).`;
    case 'pending':
      return `⏳ /${command} is still being handled; try again in a moment.`;
    case 'failed':
      return `❌ /${command} could not run right now; try again.`;
  }
};

/**
 * Runs a custom command: the member's permission (the definition's rule, with the access
 * context's levels), then RunCustomCommand on the bus (cooldown, counters and the rendered reply
 * are decided there, as events), then the reply, and the posts through messaging. Role and DM
 * actions are events the action executor carries out.
 */
export const runCustomCommand = async (deps: CustomCommandDeps, i: GuildInteraction, command: CustomCommandEntry, grants: readonly ActiveGrant[], interactionCommand: InteractionCommand): Promise<void> => {
  // One interaction sends several commands (the run, each post): each its own id, all correlated to the interaction.
  const envelope = (id: string, type: string, payload: unknown): CommandEnvelope => ({ ...interactionCommand(i, type, payload), id });
  const d = command.definition;
  const roleIds = roleIdsOf(i);
  const discordLevel = levelFromDiscord({ owner: i.guild?.ownerId === i.user.id, permissions: String(i.memberPermissions?.bitfield ?? 0n) });
  const level = levelOf({ userId: i.user.id, roleIds, discordLevel }, grants, new Date().toISOString());
  if (!mayRun(d.permission, { level, roleIds })) {
    await i.reply({ content: `🚫 /${d.name} is for members with ${who(d.permission)}.`, ...ephemeral });
    return;
  }
  const options = Object.fromEntries(i.options.data.map((o) => [o.name, textOf(o)]));
  const run = envelope(deterministicId('custom-command-run', i.id), 'RunCustomCommand', {
    commandId: command.commandId,
    version: command.version,
    interactionId: i.id,
    userId: i.user.id,
    userName: (i.user.globalName ?? i.user.username).slice(0, 100),
    channelId: i.channelId,
    guildName: (i.guild?.name ?? '').slice(0, 100),
    options,
  });
  const result = await deps.bus.send(run, { context: 'automation', waitMs: deps.decideWaitMs ?? 2_500 });
  deps.logger.info({ command: d.name, commandId: run.id, result: result.status }, 'custom command run');
  if (result.status !== 'accepted') {
    await i.reply({ content: refusal(d.name, result), ...ephemeral });
    return;
  }
  const { events } = await deps.store.readStream(customCommandsStreamId(i.guildId));
  const ran = events
    .map(parseCustomCommandEvent)
    .findLast((e) => e?.type === 'CustomCommandRan' && e.data.interactionId === i.id);
  if (ran?.type !== 'CustomCommandRan') throw new Error(`RunCustomCommand ${run.id} accepted without its CustomCommandRan event`);
  await i.reply({ content: ran.data.reply, allowedMentions: { parse: ['users'] }, ...(ran.data.ephemeral ? ephemeral : {}) });
  for (const [n, post] of ran.data.posts.entries()) {
    const send = envelope(deterministicId('custom-command-post', i.id, String(n)), 'SendMessage', { channelId: post.channelId, content: post.content, allowedMentions: { everyone: false, roles: false, users: true } });
    const sent = await deps.bus.send(send, { context: 'messaging', waitMs: 2_000 });
    if (sent.status === 'rejected' || sent.status === 'failed') deps.logger.warn({ command: d.name, channelId: post.channelId, result: sent }, 'custom command post refused');
  }
};
