import type { CommandBus } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { REPORT_EXCERPT_MAX } from '@guildhall/moderation';
import { MessageFlags, type MessageContextMenuCommandInteraction, type User, type UserContextMenuCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { REPORT_MESSAGE } from './definitions.js';

export type ReportDeps = Readonly<{ bus: CommandBus; replyWaitMs: number; logger: Logger }>;

type ContextMenu = MessageContextMenuCommandInteraction | UserContextMenuCommandInteraction;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;
const refOf = (u: User) => ({ id: u.id, name: u.globalName ?? u.username });

/** The start of the reported message as the reporter saw it (attachments named, never fetched). */
export const excerptOf = (content: string, attachments: number): string | null => {
  const text = content.trim() || (attachments > 0 ? `[${attachments} attachment${attachments === 1 ? '' : 's'}]` : '');
  if (text === '') return null;
  return text.length > REPORT_EXCERPT_MAX ? `${text.slice(0, REPORT_EXCERPT_MAX - 1)}…` : text;
};

/** FileReport from a context-menu pick: id from the interaction id (a duplicated interaction is one report), the reporter as actor. */
export const reportCommand = (i: ContextMenu & { guildId: string }): CommandEnvelope => {
  const id = deterministicId('report', i.id);
  const reporter = refOf(i.user);
  const about = i.isMessageContextMenuCommand()
    ? { target: refOf(i.targetMessage.author), targetIsBot: i.targetMessage.author.bot, channelId: i.channelId, messageId: i.targetMessage.id, excerpt: excerptOf(i.targetMessage.content, i.targetMessage.attachments.size) }
    : { target: refOf(i.targetUser), targetIsBot: i.targetUser.bot, channelId: i.channelId, messageId: null, excerpt: null };
  return {
    id,
    type: 'FileReport',
    issuedAt: i.createdAt.toISOString(),
    guildId: i.guildId,
    actor: { kind: 'discord-user', id: reporter.id, name: reporter.name },
    source: 'slash-command',
    correlationId: id,
    causationId: null,
    payload: { reporter, ...about, reason: null },
  };
};

/** "Report message" / "Report member": files the report and answers the reporter alone; every failure ends in a message. */
export const handleReportCommand = async (deps: ReportDeps, i: ContextMenu): Promise<void> => {
  if (!i.inGuild()) return;
  try {
    await i.deferReply(ephemeral);
    const command = reportCommand(i);
    const result = await deps.bus.send(command, { context: 'moderation', waitMs: Math.min(deps.replyWaitMs, 5_000) });
    deps.logger.info({ command: i.commandName, commandId: command.id, result: result.status }, 'report filed');
    const what = i.commandName === REPORT_MESSAGE ? 'message' : 'member';
    const content =
      result.status === 'accepted' || result.status === 'pending'
        ? `✅ Reported to the moderators. Thank you: only they see this ${what} report.`
        : result.status === 'rejected'
          ? `❌ Not reported: ${result.message}.`
          : `❌ Guildhall could not take the report (${result.reason}); try again.`;
    await i.editReply({ content });
  } catch (err) {
    deps.logger.error({ err, command: i.commandName, interactionId: i.id }, 'report command failed');
    const content = '❌ Something went wrong while reporting; try again.';
    await (i.deferred || i.replied ? i.editReply({ content }) : i.reply({ content, ...ephemeral })).catch(() => undefined);
  }
};
