import {
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandOptionsOnlyBuilder,
} from 'discord.js';
import { PURGE_MAX_COUNT, PURGE_SCAN_WINDOW } from '@guildhall/messaging';
import { moderationCatalogue, type DiscordPermissionName, type PublicModerationCommand } from '@guildhall/moderation';

type Builder = SlashCommandBuilder | SlashCommandOptionsOnlyBuilder;

/** Discord's bit for each permission moderation's catalogue names. */
export const FLAG: Readonly<Record<DiscordPermissionName, bigint>> = {
  MODERATE_MEMBERS: PermissionFlagsBits.ModerateMembers,
  KICK_MEMBERS: PermissionFlagsBits.KickMembers,
  BAN_MEMBERS: PermissionFlagsBits.BanMembers,
  MANAGE_GUILD: PermissionFlagsBits.ManageGuild,
  MANAGE_MESSAGES: PermissionFlagsBits.ManageMessages,
};
/** The first permission moderation's catalogue names for the command (Discord's default permission is one bitfield). */
const needed = (type: PublicModerationCommand): bigint => FLAG[moderationCatalogue[type].needs(undefined)[0]!];

/** Discord permission each command needs (also the default, so Discord hides it from others). */
export const COMMAND_PERMISSIONS = {
  warn: needed('WarnMember'),
  note: needed('AddMemberNote'),
  timeout: needed('TimeoutMember'),
  untimeout: needed('RemoveMemberTimeout'),
  kick: needed('KickMember'),
  ban: needed('BanMember'),
  unban: needed('UnbanMember'),
  case: PermissionFlagsBits.ModerateMembers,
  history: PermissionFlagsBits.ModerateMembers,
  purge: PermissionFlagsBits.ManageMessages,
} as const;
export type CommandName = keyof typeof COMMAND_PERMISSIONS;
export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMAND_PERMISSIONS, name);

const base = (name: CommandName, description: string) =>
  new SlashCommandBuilder().setName(name).setDescription(description).setDefaultMemberPermissions(COMMAND_PERMISSIONS[name]).setContexts(0);

const reason = (b: Builder, required = false) =>
  b.addStringOption((o) => o.setName('reason').setDescription('Why (kept in the case and the audit log)').setMaxLength(400).setRequired(required));

const user = (b: Builder, description: string) => b.addUserOption((o) => o.setName('user').setDescription(description).setRequired(true));

/** The moderation slash commands, registered in each guild at start. */
export const commandDefinitions = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] => [
  reason(user(base('warn', 'Warn a member (recorded as a case)'), 'Who to warn')),
  user(base('note', 'Add a moderator note about a member'), 'Who the note is about').addStringOption((o) =>
    o.setName('text').setDescription('The note').setMaxLength(500).setRequired(true),
  ),
  reason(
    user(base('timeout', 'Time a member out'), 'Who to time out').addStringOption((o) =>
      o.setName('duration').setDescription('How long: 10m, 2h, 1d, 1w (at most 28d)').setRequired(true).setMaxLength(10),
    ),
  ),
  reason(user(base('untimeout', "Lift a member's timeout"), 'Whose timeout to lift')),
  reason(user(base('kick', 'Kick a member'), 'Who to kick')),
  reason(
    user(base('ban', 'Ban a user'), 'Who to ban')
      .addStringOption((o) => o.setName('duration').setDescription('Temporary ban: 1h, 7d, 4w (empty: permanent)').setMaxLength(10))
      .addIntegerOption((o) =>
        o
          .setName('delete_messages')
          .setDescription('Delete their recent messages')
          .addChoices({ name: 'None', value: 0 }, { name: 'Last hour', value: 3600 }, { name: 'Last day', value: 86_400 }, { name: 'Last 7 days', value: 604_800 }),
      ),
  ),
  reason(user(base('unban', 'Lift a ban'), 'Who to unban')),
  base('case', 'Show a moderation case').addIntegerOption((o) => o.setName('number').setDescription('Case number').setMinValue(1).setRequired(true)),
  user(base('history', "A member's moderation history"), 'Whose history'),
  reason(
    base('purge', 'Delete the newest messages of this channel')
      .addIntegerOption((o) => o.setName('count').setDescription('How many messages (1-100)').setMinValue(1).setMaxValue(PURGE_MAX_COUNT).setRequired(true))
      .addUserOption((o) => o.setName('user').setDescription(`Only this member's (among the last ${PURGE_SCAN_WINDOW} messages)`)),
  ),
].map((b) => b.toJSON());
