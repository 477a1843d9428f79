import {
  ActivityType,
  AuditLogEvent,
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
  OverwriteType,
  PermissionFlagsBits as P,
  PresenceUpdateStatus,
  type APIOverwrite,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type APIUser,
  type PresenceUpdateReceiveStatus,
} from 'discord-api-types/v10';
import { makeCategory, makeMessage, makeRole, makeTextChannel, makeUser, makeVoiceChannel } from './builders.js';
import { ADJECTIVES, BAN_REASONS, CHATTER, GAMES, NOUNS } from './names.js';
import { createRng, type Rng } from './rng.js';
import { createSnowflakeGenerator, snowflakeTime } from './snowflake.js';
import { WorldState, type GuildRecord, type MemberRecord } from './state.js';

export interface SeedOptions {
  seed: number;
  /** Members of the main guild, bot and staff included. */
  memberCount?: number;
  botToken?: string;
  applicationId?: string;
  clientSecret?: string;
  now?: () => number;
  /** Extra small guilds ("Extra Guild 1..N", bot with full rights), e.g. for many-guild benches. */
  extraGuilds?: number;
}

/** Seeded objects are stamped from this fixed instant, so a seed always yields the same ids. */
const SEED_EPOCH_MS = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

export const EVERYONE_PERMS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AddReactions | P.EmbedLinks | P.AttachFiles |
  P.UseExternalEmojis | P.Connect | P.Speak | P.UseVAD | P.UseApplicationCommands | P.ChangeNickname |
  P.CreateInstantInvite | P.SendMessagesInThreads | P.CreatePublicThreads;

export const MODERATOR_PERMS =
  P.KickMembers | P.BanMembers | P.ModerateMembers | P.ManageMessages | P.ViewAuditLog | P.ManageNicknames |
  P.MuteMembers | P.MoveMembers | P.ManageThreads;

/** The bot's own role in the main guild: a moderation bot, deliberately not an administrator. */
export const BOT_PERMS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles | P.AddReactions |
  P.ManageMessages | P.KickMembers | P.BanMembers | P.ModerateMembers | P.ManageRoles | P.ManageNicknames |
  P.ViewAuditLog | P.ManageChannels | P.UseApplicationCommands | P.SendMessagesInThreads;

/** In the second guild the bot may only talk: moderation there must fail with 50013. */
export const LIMITED_BOT_PERMS = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks;

const defaultToken = (userId: string, seed: number): string =>
  `${Buffer.from(userId).toString('base64url')}.sandbox.${seed.toString(36)}-guildhall-sandbox-token`;

export const seedWorld = (opts: SeedOptions): WorldState => {
  const rng = createRng(opts.seed);
  let clock = SEED_EPOCH_MS - 400 * DAY;
  const ids = createSnowflakeGenerator(2);
  // Seeded ids walk forward through fixed time so they stay deterministic and ordered.
  const id = (advanceMs = 1000): string => {
    clock += advanceMs;
    return ids.next(clock);
  };
  // Always draw the bot's id so an overridden application id leaves the rest of the world unchanged.
  const generatedBotId = id();
  const botUserId = opts.applicationId ?? generatedBotId;
  const now = opts.now ?? Date.now;
  const world = new WorldState(
    {
      token: opts.botToken ?? defaultToken(botUserId, opts.seed),
      applicationId: botUserId,
      userId: botUserId,
      clientSecret: 'sandbox-client-secret',
    },
    createSnowflakeGenerator(1, now),
    now,
    opts.seed,
  );
  const botUser = makeUser(botUserId, 'Guildhall', 'Guildhall', true);
  world.users.set(botUserId, botUser);

  const taken = new Set<string>();
  const newUser = (): APIUser => {
    let username: string;
    do {
      username = `${rng.pick(ADJECTIVES)}_${rng.pick(NOUNS)}${rng.int(1, 99)}`;
    } while (taken.has(username));
    taken.add(username);
    const [a = '', n = ''] = username.replace(/\d+$/, '').split('_');
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    const user = makeUser(id(rng.int(1, 3) * DAY), username, rng.chance(0.8) ? `${cap(a)} ${cap(n)}` : null);
    world.users.set(user.id, user);
    return user;
  };

  const memberCount = opts.memberCount ?? 300;
  const users = Array.from({ length: Math.max(memberCount, 12) + 40 }, newUser);
  clock = SEED_EPOCH_MS;

  const main = buildGuild(world, rng, id, {
    name: 'Guildhall Sandbox',
    owner: users[0] as APIUser,
    admins: users.slice(1, 3),
    moderators: users.slice(3, 7),
    members: users.slice(7, Math.max(memberCount, 12) - 1),
    botPerms: BOT_PERMS,
    withStaffChannels: true,
  });
  buildGuild(world, rng, id, {
    name: 'Quiet Corner',
    owner: users[users.length - 1] as APIUser,
    admins: [],
    moderators: [users[users.length - 2] as APIUser],
    // Overlaps the main guild on purpose: some users are in both.
    members: [...users.slice(users.length - 40, users.length - 2), ...users.slice(7, 17)],
    botPerms: LIMITED_BOT_PERMS,
    withStaffChannels: false,
  });
  seedHistory(world, rng, id, main);
  // Drawn last, so the rest of a seed's world is the same with or without them.
  for (let i = 1; i <= (opts.extraGuilds ?? 0); i++) {
    buildGuild(world, rng, id, {
      name: `Extra Guild ${i}`,
      owner: users[(i * 7) % users.length] as APIUser,
      admins: [],
      moderators: [],
      members: users.slice(7 + (i % 20), 17 + (i % 20)).filter((u) => u !== users[(i * 7) % users.length]),
      botPerms: BOT_PERMS,
      withStaffChannels: false,
    });
  }
  return world;
};

interface GuildPlan {
  name: string;
  owner: APIUser;
  admins: APIUser[];
  moderators: APIUser[];
  members: APIUser[];
  botPerms: bigint;
  withStaffChannels: boolean;
}

const buildGuild = (world: WorldState, rng: Rng, id: (advance?: number) => string, plan: GuildPlan): GuildRecord => {
  const guildId = id();
  const created = new Date(snowflakeTime(guildId)).toISOString();

  const role = (name: string, position: number, perms: bigint, extra = {}) => makeRole(id(), name, position, perms, extra);
  const everyone = makeRole(guildId, '@everyone', 0, EVERYONE_PERMS);
  const memberRole = role('Member', 1, 0n, { color: 0x95a5a6 });
  const regular = role('Regular', 2, 0n, { color: 0x3498db, hoist: true });
  const artist = role('Artist', 3, 0n, { color: 0xe91e63, mentionable: true });
  const moderator = role('Moderator', 4, MODERATOR_PERMS, { color: 0x2ecc71, hoist: true, mentionable: true });
  const botRole = role('Guildhall', 5, plan.botPerms, { managed: true, tags: { bot_id: world.bot.userId } });
  const admin = role('Admin', 6, P.Administrator, { color: 0xe74c3c, hoist: true });
  const roles = [everyone, memberRole, regular, artist, moderator, botRole, admin];

  const deny = (roleId: string, perms: bigint): APIOverwrite => ({ id: roleId, type: OverwriteType.Role, allow: '0', deny: perms.toString() });
  const allow = (roleId: string, perms: bigint): APIOverwrite => ({ id: roleId, type: OverwriteType.Role, allow: perms.toString(), deny: '0' });

  const channels = [];
  const info = makeCategory(id(), guildId, 'Information', 0);
  const community = makeCategory(id(), guildId, 'Community', 1);
  channels.push(info, community);
  const readOnly = [deny(guildId, P.SendMessages)];
  const welcome = makeTextChannel(id(), guildId, 'welcome', 0, info.id, readOnly, ChannelType.GuildText, 'Say hi!');
  const rules = makeTextChannel(id(), guildId, 'rules', 1, info.id, readOnly, ChannelType.GuildText, 'Read before posting');
  const general = makeTextChannel(id(), guildId, 'general', 2, community.id, [], ChannelType.GuildText, 'Anything goes (within the rules)');
  channels.push(welcome, rules, general);
  if (plan.withStaffChannels) {
    channels.push(
      makeTextChannel(id(), guildId, 'announcements', 3, info.id, readOnly, ChannelType.GuildAnnouncement, 'News from the team'),
      makeTextChannel(id(), guildId, 'random', 4, community.id),
      makeTextChannel(id(), guildId, 'help', 5, community.id, [], ChannelType.GuildText, 'Ask anything'),
    );
    const staffOverwrites = [deny(guildId, P.ViewChannel), allow(moderator.id, P.ViewChannel), allow(botRole.id, P.ViewChannel)];
    const staff = makeCategory(id(), guildId, 'Staff', 2, staffOverwrites);
    channels.push(
      staff,
      makeTextChannel(id(), guildId, 'mod-chat', 6, staff.id, staffOverwrites),
      makeTextChannel(id(), guildId, 'mod-log', 7, staff.id, staffOverwrites, ChannelType.GuildText, 'Moderation actions'),
    );
  }
  const voice = makeCategory(id(), guildId, 'Voice', 3);
  channels.push(voice, makeVoiceChannel(id(), guildId, 'Lounge', 8, voice.id), makeVoiceChannel(id(), guildId, 'Gaming', 9, voice.id));
  for (const c of channels) world.channels.set(c.id, c);

  const guild: GuildRecord = {
    base: {
      id: guildId,
      name: plan.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: plan.withStaffChannels ? 'The Guildhall offline demo community' : 'A small, quiet server',
      owner_id: plan.owner.id,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: general.id,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: rules.id,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
    },
    joinedAt: created,
    roles: new Map(roles.map((r) => [r.id, r])),
    channelIds: channels.map((c) => c.id),
    members: new Map(),
    presences: new Map(),
    bans: new Map(),
    voiceStates: new Map(),
    auditLog: [],
    commands: new Map(),
  };
  world.guilds.set(guildId, guild);

  const addMember = (user: APIUser, roleIds: string[], joinedMs: number) => {
    const m: MemberRecord = {
      userId: user.id,
      nick: rng.chance(0.1) ? `${user.username.split('_')[0]} ✨` : null,
      avatar: null,
      banner: null,
      roles: roleIds,
      joined_at: new Date(joinedMs).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
    guild.members.set(user.id, m);
  };
  const base = snowflakeTime(guildId);
  addMember(plan.owner, [], base);
  for (const u of plan.admins) addMember(u, [admin.id, memberRole.id], base + rng.int(1, 30) * DAY);
  for (const u of plan.moderators) addMember(u, [moderator.id, memberRole.id], base + rng.int(1, 60) * DAY);
  const botJoined = base + 2 * DAY;
  addMember(world.users.get(world.bot.userId) as APIUser, [botRole.id], botJoined);
  guild.joinedAt = new Date(botJoined).toISOString();
  for (const u of plan.members) {
    const r: string[] = [];
    if (rng.chance(0.8)) r.push(memberRole.id);
    if (rng.chance(0.15)) r.push(regular.id);
    if (rng.chance(0.08)) r.push(artist.id);
    addMember(u, r, base + rng.int(1, 300) * DAY);
  }

  for (const m of guild.members.values()) {
    if (m.userId === world.bot.userId) {
      guild.presences.set(m.userId, { status: PresenceUpdateStatus.Online, activities: [] });
      continue;
    }
    const roll = rng.next();
    const status: PresenceUpdateReceiveStatus | null =
      roll < 0.3 ? PresenceUpdateStatus.Online : roll < 0.4 ? PresenceUpdateStatus.Idle : roll < 0.48 ? PresenceUpdateStatus.DoNotDisturb : null;
    if (!status) continue;
    const activities = rng.chance(0.35)
      ? [{ id: 'ec0b28a579ecb4bd', name: rng.pick(GAMES), type: ActivityType.Playing, created_at: base }]
      : [];
    guild.presences.set(m.userId, { status, activities });
  }

  guild.auditLog.push({
    id: id(),
    action_type: AuditLogEvent.BotAdd,
    user_id: plan.owner.id,
    target_id: world.bot.userId,
    changes: [],
  });
  return guild;
};

/** A little past chatter and two old bans, so the demo and viewer are not empty at start. */
const seedHistory = (world: WorldState, rng: Rng, id: (advance?: number) => string, guild: GuildRecord): void => {
  const guildId = guild.base.id;
  const chatty = world.guildChannels(guildId).filter((c) => c.type === ChannelType.GuildText && ['general', 'random', 'help'].includes(c.name));
  const people = [...guild.members.keys()].filter((uid) => uid !== world.bot.userId);
  for (const channel of chatty) {
    const store = world.channelMessages(channel.id);
    for (let i = 0; i < 12; i++) {
      const msgId = id(rng.int(20, 600) * 1000);
      const author = world.user(rng.pick(people));
      const ts = new Date(snowflakeTime(msgId)).toISOString();
      store.set(msgId, { message: makeMessage({ id: msgId, channelId: channel.id, author, content: rng.pick(CHATTER), timestamp: ts }) });
      if ('last_message_id' in channel) channel.last_message_id = msgId;
    }
  }
  const moderators = [...guild.members.values()].filter((m) => m.roles.some((r) => guild.roles.get(r)?.name === 'Moderator'));
  for (let i = 0; i < 2; i++) {
    const banned = makeUser(id(), `${rng.pick(ADJECTIVES)}_spammer${i}`, null);
    world.users.set(banned.id, banned);
    const reason = rng.pick(BAN_REASONS);
    guild.bans.set(banned.id, { userId: banned.id, reason });
    guild.auditLog.push({
      id: id(),
      action_type: AuditLogEvent.MemberBanAdd,
      user_id: moderators[i % Math.max(moderators.length, 1)]?.userId ?? guild.base.owner_id,
      target_id: banned.id,
      changes: [],
      reason,
    });
  }
};
