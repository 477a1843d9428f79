import { publicCommandTypes } from './command-routing.js';

/** The Discord permissions moderation speaks of (the names Discord's API and the dashboard use). */
export type DiscordPermissionName = 'MODERATE_MEMBERS' | 'KICK_MEMBERS' | 'BAN_MEMBERS' | 'MANAGE_GUILD' | 'MANAGE_MESSAGES';

export type PublicModerationCommand = (typeof publicCommandTypes)[number];

export type ModerationCommandInfo = Readonly<{
  type: PublicModerationCommand;
  /** What a button says: "Ban". */
  label: string;
  /** How a reply says it was done: "Banned" (a slash reply adds the target and details). */
  verb: string;
  /** Any one of these (owners and administrators always pass), as Discord asks of a human doing it there. */
  needs: (payload: unknown) => readonly DiscordPermissionName[];
  /** The Guildhall access level it takes (the access context's owner > admin > moderator > viewer). */
  level: 'moderator' | 'admin';
  /** Accepting it opens a case (the process manager allocates its number). */
  opensCase: boolean;
  /** Aimed at one member (`payload.target`): the dashboard asks for a member. */
  targetsMember: boolean;
}>;

const MODERATE: readonly DiscordPermissionName[] = ['MODERATE_MEMBERS', 'KICK_MEMBERS', 'BAN_MEMBERS'];
const fixed = (needs: readonly DiscordPermissionName[]) => () => needs;

const info = (
  type: PublicModerationCommand,
  label: string,
  verb: string,
  needs: ModerationCommandInfo['needs'],
  opensCase: boolean,
  targetsMember: boolean,
  level: ModerationCommandInfo['level'] = 'moderator',
): ModerationCommandInfo => ({ type, label, verb, needs, level, opensCase, targetsMember });

/**
 * Moderation's public commands, once: the Discord permission and the Guildhall level each needs, whether it opens a case and
 * the words shown to people. The HTTP API, the slash commands and the dashboard read this
 * instead of keeping copies of their own.
 */
export const moderationCatalogue: Readonly<Record<PublicModerationCommand, ModerationCommandInfo>> = {
  WarnMember: info('WarnMember', 'Warn', 'Warned', fixed(MODERATE), true, true),
  AddMemberNote: info('AddMemberNote', 'Note', 'Noted', fixed(MODERATE), true, true),
  TimeoutMember: info('TimeoutMember', 'Time out', 'Timed out', fixed(['MODERATE_MEMBERS']), true, true),
  RemoveMemberTimeout: info('RemoveMemberTimeout', 'Remove timeout', 'Lifted the timeout of', fixed(['MODERATE_MEMBERS']), true, true),
  KickMember: info('KickMember', 'Kick', 'Kicked', fixed(['KICK_MEMBERS']), true, true),
  BanMember: info('BanMember', 'Ban', 'Banned', fixed(['BAN_MEMBERS']), true, true),
  UnbanMember: info('UnbanMember', 'Unban', 'Unbanned', fixed(['BAN_MEMBERS']), true, true),
  RequestBulkAction: info(
    'RequestBulkAction',
    'Bulk action',
    'Asked for',
    (payload) => {
      const action = typeof payload === 'object' && payload !== null && 'action' in payload ? payload.action : undefined;
      return action === 'ban' ? ['BAN_MEMBERS'] : action === 'kick' ? ['KICK_MEMBERS'] : ['MODERATE_MEMBERS'];
    },
    false,
    false,
  ),
  AmendCaseReason: info('AmendCaseReason', 'Amend reason', 'Amended the reason of', fixed(MODERATE), false, false),
  AddCaseNote: info('AddCaseNote', 'Add note', 'Added a note to', fixed(MODERATE), false, false),
  AddCaseEvidence: info('AddCaseEvidence', 'Add evidence', 'Added evidence to', fixed(MODERATE), false, false),
  // Hiding a case takes it out of everyone's lists: a manager's call.
  HideCase: info('HideCase', 'Hide', 'Hid', fixed(['MANAGE_GUILD']), false, false, 'admin'),
  RestoreCase: info('RestoreCase', 'Restore', 'Restored', fixed(['MANAGE_GUILD']), false, false, 'admin'),
};

/** The commands aimed at one member that open a case, in the order a form offers them. */
export const memberActions: readonly ModerationCommandInfo[] = Object.values(moderationCatalogue).filter((c) => c.targetsMember && c.opensCase);
