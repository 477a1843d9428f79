import type { CommandBus } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { REPORT_EXCERPT_MAX } from '@guildhall/moderation';
import {
  ComponentType,
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type User,
  type UserContextMenuCommandInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import { REASON_INPUT, ReportFormIdSchema, reasonOf, reportForm, type ReportPick } from './report-form.js';

export type ReportDeps = Readonly<{ bus: CommandBus; replyWaitMs: number; logger: Logger }>;

type ContextMenu = MessageContextMenuCommandInteraction | UserContextMenuCommandInteraction;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;
type Person = Pick<User, 'id' | 'username' | 'globalName' | 'bot'>;
const refOf = (u: Person) => ({ id: u.id, name: u.globalName ?? u.username });

/** The start of the reported message as the reporter saw it (attachments named, never fetched). */
export const excerptOf = (content: string, attachments: number): string | null => {
  const text = content.trim() || (attachments > 0 ? `[${attachments} attachment${attachments === 1 ? '' : 's'}]` : '');
  if (text === '') return null;
  return text.length > REPORT_EXCERPT_MAX ? `${text.slice(0, REPORT_EXCERPT_MAX - 1)}…` : text;
};

/** What the form was opened on, as Discord has it when the form comes back. */
export type Reported =
  | Readonly<{ kind: 'message'; message: Readonly<{ id: string; content: string; author: Person; attachments: { size: number } }> }>
  | Readonly<{ kind: 'member'; user: Person }>;

export type ReportFiling = Readonly<{ pickId: string; guildId: string; channelId: string; reporter: Person; submittedAt: Date; reported: Reported; reason: string | null }>;

/**
 * FileReport from a submitted form, the reporter as actor. The id comes from the pick's
 * interaction id and the reporter: a duplicated submit is one report, and a form id copied from
 * someone else's pick files a command of the copier's own (it cannot swallow theirs).
 */
export const reportCommand = (f: ReportFiling): CommandEnvelope => {
  const id = deterministicId('report', f.pickId, f.reporter.id);
  const reporter = refOf(f.reporter);
  const about =
    f.reported.kind === 'message'
      ? { target: refOf(f.reported.message.author), targetIsBot: f.reported.message.author.bot, channelId: f.channelId, messageId: f.reported.message.id, excerpt: excerptOf(f.reported.message.content, f.reported.message.attachments.size) }
      : { target: refOf(f.reported.user), targetIsBot: f.reported.user.bot, channelId: f.channelId, messageId: null, excerpt: null };
  return {
    id,
    type: 'FileReport',
    issuedAt: f.submittedAt.toISOString(),
    guildId: f.guildId,
    actor: { kind: 'discord-user', id: reporter.id, name: reporter.name },
    source: 'slash-command',
    correlationId: id,
    causationId: null,
    payload: { reporter, ...about, reason: f.reason },
  };
};

const failed = async (deps: ReportDeps, i: ContextMenu | ModalSubmitInteraction, err: unknown): Promise<void> => {
  deps.logger.error({ err, interactionId: i.id }, 'report failed');
  const content = '❌ Something went wrong while reporting; try again.';
  await (i.deferred || i.replied ? i.editReply({ content }) : i.reply({ content, ...ephemeral })).catch(() => undefined);
};

/** "Report message" / "Report member": opens the reason form; the submit files the report. */
export const handleReportCommand = async (deps: ReportDeps, i: ContextMenu): Promise<void> => {
  if (!i.inGuild()) return;
  try {
    await i.showModal(reportForm({ kind: i.isMessageContextMenuCommand() ? 'message' : 'member', pickId: i.id, targetId: i.targetId }));
  } catch (err) {
    await failed(deps, i, err);
  }
};

/**
 * The message or member as Discord has it now; null when Discord no longer knows it (deleted
 * meanwhile). The pick put the message into discord.js's channel cache, so this is usually no
 * request at all; after a restart it is one GET (the bot reads the channel's history).
 */
const fetchReported = async (i: ModalSubmitInteraction, p: ReportPick): Promise<Reported | null> => {
  try {
    if (p.kind === 'member') return { kind: 'member', user: await i.client.users.fetch(p.targetId) };
    const channel = i.channel ?? (i.channelId ? await i.client.channels.fetch(i.channelId) : null);
    if (!channel?.isTextBased()) return null;
    return { kind: 'message', message: await channel.messages.fetch(p.targetId) };
  } catch (err) {
    if (err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.UnknownMessage || err.code === RESTJSONErrorCodes.UnknownUser)) return null;
    throw err;
  }
};

/** The reason form submitted: files the report and answers the reporter alone; every failure ends in a message, a refused one files nothing. */
export const handleReportSubmit = async (deps: ReportDeps, i: ModalSubmitInteraction): Promise<void> => {
  if (!i.inGuild() || !i.channelId) return;
  try {
    const form = ReportFormIdSchema.safeParse(i.customId);
    if (!form.success) {
      deps.logger.warn({ customId: i.customId, interactionId: i.id }, 'report form with a forged or garbled custom_id refused');
      await i.reply({ content: '❌ Not reported: this form is not one Guildhall opened. Pick Report message or Report member again.', ...ephemeral });
      return;
    }
    const pick = form.data;
    const field = i.fields.fields.get(REASON_INPUT);
    const reason = reasonOf(field?.type === ComponentType.TextInput ? field.value : undefined);
    if (!reason.ok) {
      await i.reply({ content: `❌ Not reported: ${reason.problem}. Nothing reached the moderators; pick Report ${pick.kind} again.`, ...ephemeral });
      return;
    }
    await i.deferReply(ephemeral);
    const reported = await fetchReported(i, pick);
    if (reported === null) {
      await i.editReply({ content: `❌ Not reported: Discord no longer has that ${pick.kind} (deleted meanwhile?).` });
      return;
    }
    const command = reportCommand({ pickId: pick.pickId, guildId: i.guildId, channelId: i.channelId, reporter: i.user, submittedAt: i.createdAt, reported, reason: reason.reason });
    const result = await deps.bus.send(command, { context: 'moderation', waitMs: Math.min(deps.replyWaitMs, 5_000) });
    deps.logger.info({ kind: pick.kind, commandId: command.id, result: result.status }, 'report filed');
    const content =
      result.status === 'accepted' || result.status === 'pending'
        ? `✅ Reported to the moderators. Thank you: only they see this ${pick.kind} report.`
        : result.status === 'rejected'
          ? `❌ Not reported: ${result.message}.`
          : `❌ Guildhall could not take the report (${result.reason}); try again.`;
    await i.editReply({ content });
  } catch (err) {
    await failed(deps, i, err);
  }
};
