import { atLeast, levelFromDiscord, levelOf, type ActiveGrant } from '@guildhall/access';
import { refusalOfDecision } from '@guildhall/appeals/handler';
import { aggregateStream, type CommandBus, type EventStore } from '@guildhall/eventing';
import { deterministicId, type CommandEnvelope } from '@guildhall/kernel';
import { approvalRequestAggregate, approvalStreamId, moderationCatalogue, publicCommandTypes, type OpenedApproval, type PublicModerationCommand } from '@guildhall/moderation';
import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { guildGrants } from '../slash-commands/case-queries.js';
import { FLAG } from '../slash-commands/definitions.js';
import { seedGrants, type Grants, type Invoker } from '../slash-commands/permissions.js';
import { decidedPostContent, parseApprovalButton } from './approval-post.js';

export type ApprovalButtonDeps = Readonly<{ bus: CommandBus; store: EventStore; grants: Grants; replyWaitMs: number; logger: Logger }>;

const ephemeral = { flags: MessageFlags.Ephemeral } as const;

const isPublic = (type: string): type is PublicModerationCommand => (publicCommandTypes as readonly string[]).includes(type);

/**
 * Who may decide a held act from Discord: whoever may do the act itself, by the rule the slash
 * commands use — one of the Discord permissions moderation's catalogue names for it (or
 * Administrator), or the catalogue's Guildhall level through the guild's grants. An appeal
 * decision: a moderator, as for decideAppeal.
 */
export const mayDecide = (a: OpenedApproval, invoker: Invoker, grants: readonly ActiveGrant[], now: string = new Date().toISOString()): boolean => {
  // An appeal decision is a moderator's: a moderator's Discord permissions, or the level through the grants.
  if (a.held.context === 'appeals') {
    const discordLevel = levelFromDiscord({ owner: false, permissions: String(invoker.permissions ?? 0n) });
    return atLeast(levelOf({ userId: invoker.userId, roleIds: invoker.roleIds, discordLevel }, grants, now), 'moderator');
  }
  if (!isPublic(a.held.type)) return false;
  const info = moderationCatalogue[a.held.type];
  const perms = invoker.permissions ?? 0n;
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return true;
  if (info.needs(a.held.payload).some((p) => (perms & FLAG[p]) !== 0n)) return true;
  return atLeast(levelOf({ userId: invoker.userId, roleIds: invoker.roleIds, discordLevel: null }, grants, now), info.level);
};

const roleIdsOf = (i: ButtonInteraction<'cached' | 'raw'>): string[] => {
  const roles = i.member.roles;
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
};

/**
 * A click on a staff-channel post's Approve / Deny: authorized like the slash commands, sent as
 * ApproveRequest / DenyRequest by the clicking moderator (one command per interaction), and the
 * post updated to say who decided (its buttons gone). A refusal (your own request, already
 * decided, expired) is an ephemeral answer; the post stays as it is.
 */
export const handleApprovalButton = async (deps: ApprovalButtonDeps, i: ButtonInteraction): Promise<void> => {
  const button = parseApprovalButton(i.customId);
  if (!button || !i.inGuild()) return;
  const g = i as ButtonInteraction<'cached' | 'raw'>;
  try {
    const before = (await aggregateStream(deps.store, approvalStreamId(g.guildId, button.approvalId), approvalRequestAggregate)).state;
    if (before.status === 'none') {
      await g.reply({ content: '❌ Guildhall knows no such request.', ...ephemeral });
      return;
    }
    const invoker = { guildId: g.guildId, userId: g.user.id, permissions: g.memberPermissions?.bitfield ?? null, roleIds: roleIdsOf(g) };
    const grants = [...seedGrants(deps.grants, g.guildId), ...(await guildGrants(deps.store, g.guildId))];
    if (!mayDecide(before, invoker, grants)) {
      await g.reply({ content: `🚫 Deciding on this needs the permission to do it yourself (${before.held.type}).`, ...ephemeral });
      return;
    }
    const id = deterministicId('approval-button', g.id);
    const actor = { kind: 'discord-user' as const, id: g.user.id, name: g.user.globalName ?? g.user.username };
    if (button.decision === 'approve' && before.status === 'pending' && before.held.context === 'appeals') {
      // Whoever lets an appeal decision run is held to its rules (not the case's moderator, not the appellant, still open): refused before anything is appended.
      const asApprover: CommandEnvelope = { id, type: before.held.type, issuedAt: g.createdAt.toISOString(), guildId: g.guildId, actor, source: 'slash-command', correlationId: id, causationId: null, payload: before.held.payload };
      const refused = await refusalOfDecision(deps.store, asApprover);
      if (refused?.status === 'rejected') {
        await g.reply({ content: `❌ Not done: ${refused.message} (${refused.code}).`, ...ephemeral });
        return;
      }
    }
    const command: CommandEnvelope = {
      id,
      type: button.decision === 'approve' ? 'ApproveRequest' : 'DenyRequest',
      issuedAt: g.createdAt.toISOString(),
      guildId: g.guildId,
      actor,
      source: 'slash-command',
      correlationId: id,
      causationId: null,
      payload: button.decision === 'approve' ? { approvalId: button.approvalId } : { approvalId: button.approvalId, reason: null },
    };
    const result = await deps.bus.send(command, { context: 'moderation', waitMs: Math.min(deps.replyWaitMs, 5_000) });
    deps.logger.info({ commandId: id, type: command.type, approvalId: button.approvalId, result: result.status }, 'four-eyes button handled');
    if (result.status === 'accepted') {
      const after = (await aggregateStream(deps.store, approvalStreamId(g.guildId, button.approvalId), approvalRequestAggregate)).state;
      await g.update({ content: after.status === 'none' ? '' : decidedPostContent(after), components: [] });
      return;
    }
    const why =
      result.status === 'rejected'
        ? result.code === 'OWN_APPROVAL_FORBIDDEN'
          ? 'a second moderator must decide: you asked for this yourself'
          : result.message
        : result.status === 'pending'
          ? 'Guildhall is still deciding; look again in a moment'
          : result.reason;
    await g.reply({ content: `❌ Not done: ${why}${result.status === 'rejected' ? ` (${result.code})` : ''}.`, ...ephemeral });
  } catch (err) {
    deps.logger.error({ err, interactionId: g.id }, 'four-eyes button failed');
    const content = '❌ Something went wrong; nothing may have changed. Try again, or decide in the dashboard.';
    await (g.deferred || g.replied ? g.followUp({ content, ...ephemeral }) : g.reply({ content, ...ephemeral })).catch(() => undefined);
  }
};
