import {
  PermissionFlagsBits as P,
  type APIApplicationCommand,
  type APIAuditLogEntry,
  type APIBan,
  type APIEmbed,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
  type PresenceUpdateReceiveStatus,
} from 'discord-api-types/v10';
import { Errors } from '../errors.js';
import type { FaultInjector, FaultInput, Fault } from '../faults.js';
import type { DisconnectFault, GatewayServer } from '../gateway/server.js';
import { guildPermissions, hasPermission, requireAbove, requireCanManageRole, requireChannelPermission, requireGuildPermission } from '../permissions.js';
import type { RateLimiter } from '../rate-limit.js';
import type { RestCall, RestCallLog } from '../rest/call-log.js';
import { createChannel, deleteChannel, updateChannel, type ChannelFields } from '../world/channels.js';
import type { WorldContext } from '../world/context.js';
import { invokeCommand, invokeComponent, invokeContextMenu, invokeModalSubmit, type InteractionRecord, type InteractionStore, type OptionInput } from '../world/interactions.js';
import { addMember, type ActivityInput, banUser, createUser, removeMember, setPresence, unbanUser, updateMember } from '../world/members.js';
import { openDmChannel } from '../world/dm.js';
import { createMessage, deleteMessage, editMessage } from '../world/messages.js';
import { createRole, deleteRole, updateRole, type RoleFields } from '../world/roles.js';
import type { GuildChannel, GuildRecord, WorldState } from '../world/state.js';
import type { AudioChange } from '../voice/audio.js';
import type { VoiceHub } from '../voice/hub.js';
import type { VoiceFaultInput, VoiceSessionView } from '../voice/server.js';
import { snapshot, type SnapshotOptions, type WorldSnapshot } from './snapshot.js';

export interface InteractionView {
  id: string;
  token: string;
  type: number;
  name: string;
  guildId: string;
  channelId: string;
  userId: string;
  acknowledged: boolean;
  responses: InteractionRecord['responses'];
  /** The reply (or deferred "thinking" message, or updated component message). */
  original: APIMessage | null;
  followups: APIMessage[];
  /** What the bot received: the command's options, the component's custom_id, the modal's fields. */
  data: InteractionRecord['payload']['data'];
}

/**
 * The typed face of the sandbox for tests and the control API: read the world, act as any
 * user (with Discord's permission rules for that user), inject faults, reset.
 */
export class SandboxWorld {
  constructor(
    private readonly ctx: WorldContext,
    private readonly interactions: InteractionStore,
    private readonly calls: RestCallLog,
    private readonly faultInjector: FaultInjector,
    private readonly rateLimiter: RateLimiter,
    private readonly gateway: GatewayServer,
    private readonly reseed: (seed?: number) => void,
    private readonly voiceHub: VoiceHub | null = null,
  ) {}

  get state(): WorldState {
    return this.ctx.world;
  }

  // ---- reading -------------------------------------------------------------------------

  guilds(): GuildRecord[] {
    return [...this.ctx.world.guilds.values()];
  }

  /** The seeded main guild (the first one, where the bot can moderate). */
  mainGuild(): GuildRecord {
    const g = this.guilds()[0];
    if (!g) throw Errors.unknownGuild();
    return g;
  }

  channelByName(guildId: string, name: string): GuildChannel {
    const c = this.ctx.world.guildChannels(guildId).find((x) => x.name === name);
    if (!c) throw Errors.unknownChannel();
    return c;
  }

  roleByName(guildId: string, name: string): APIRole {
    const r = [...this.ctx.world.guild(guildId).roles.values()].find((x) => x.name === name);
    if (!r) throw Errors.unknownRole();
    return r;
  }

  /** Owner, admins, moderators and ordinary members of a guild (user ids). */
  people(guildId: string): { owner: string; admins: string[]; moderators: string[]; members: string[] } {
    const g = this.ctx.world.guild(guildId);
    const named = (m: { roles: string[] }, n: string) => m.roles.some((r) => g.roles.get(r)?.name === n);
    const all = [...g.members.values()].filter((m) => m.userId !== this.ctx.world.bot.userId && m.userId !== g.base.owner_id);
    return {
      owner: g.base.owner_id,
      admins: all.filter((m) => named(m, 'Admin')).map((m) => m.userId),
      moderators: all.filter((m) => named(m, 'Moderator') && !named(m, 'Admin')).map((m) => m.userId),
      members: all.filter((m) => !named(m, 'Moderator') && !named(m, 'Admin')).map((m) => m.userId),
    };
  }

  /** The application commands usable in a guild (all types: slash, user and message context menus). */
  commands(guildId: string): APIApplicationCommand[] {
    return [...this.ctx.world.globalCommands.values(), ...this.ctx.world.guild(guildId).commands.values()];
  }

  members(guildId: string): APIGuildMember[] {
    return [...this.ctx.world.guild(guildId).members.values()].map((m) => this.ctx.world.memberObject(m));
  }

  member(guildId: string, userId: string): APIGuildMember | null {
    const m = this.ctx.world.guild(guildId).members.get(userId);
    return m ? this.ctx.world.memberObject(m) : null;
  }

  bans(guildId: string): APIBan[] {
    return [...this.ctx.world.guild(guildId).bans.values()].map((b) => ({ reason: b.reason, user: this.ctx.world.user(b.userId) }));
  }

  messages(channelId: string): APIMessage[] {
    return [...this.ctx.world.channelMessages(channelId).values()].map((s) => s.message);
  }

  auditLog(guildId: string): APIAuditLogEntry[] {
    return [...this.ctx.world.guild(guildId).auditLog];
  }

  restCalls(filter?: { method?: string; path?: string; auth?: string }): RestCall[] {
    return this.calls.list(filter);
  }

  snapshot(opts?: SnapshotOptions): WorldSnapshot {
    return snapshot(this.ctx.world, opts);
  }

  interaction(id: string): InteractionView {
    const r = this.interactions.byId.get(id);
    if (!r) throw Errors.unknownInteraction();
    const find = (mid: string): APIMessage | null => r.ephemeral.get(mid) ?? this.ctx.world.messages.get(r.channelId)?.get(mid)?.message ?? null;
    return {
      id: r.id,
      token: r.token,
      type: r.type,
      name: r.name,
      guildId: r.guildId,
      channelId: r.channelId,
      userId: r.userId,
      acknowledged: r.acknowledged,
      responses: r.responses,
      original: r.originalMessageId ? find(r.originalMessageId) : null,
      followups: r.followupIds.map(find).filter((m): m is APIMessage => m !== null),
      data: r.payload.data,
    };
  }

  /** The newest interactions (up to 50, newest first), optionally of one guild and one member. */
  interactionList(filter: { guildId?: string | undefined; userId?: string | undefined } = {}): InteractionView[] {
    return [...this.interactions.byId.values()]
      .filter((r) => (!filter.guildId || r.guildId === filter.guildId) && (!filter.userId || r.userId === filter.userId))
      .slice(-50)
      .reverse()
      .map((r) => this.interaction(r.id));
  }

  // ---- acting as users -----------------------------------------------------------------

  sendMessage(input: { channelId: string; userId: string; content?: string | undefined; embeds?: APIEmbed[] | undefined; replyTo?: string | undefined }): APIMessage {
    const channel = this.ctx.world.channel(input.channelId);
    requireChannelPermission(this.ctx.world, channel, input.userId, P.SendMessages);
    if (!input.content && !input.embeds?.length) throw Errors.cannotSendEmpty();
    return createMessage(this.ctx, {
      channelId: channel.id,
      authorId: input.userId,
      content: input.content,
      embeds: input.embeds,
      messageReference: input.replyTo ? { message_id: input.replyTo } : undefined,
    }).message;
  }

  /** A user writes to the bot in DMs (the DM channel is opened if needed). */
  sendDirectMessage(input: { userId: string; content: string }): APIMessage {
    const channel = openDmChannel(this.ctx, input.userId);
    if (!input.content) throw Errors.cannotSendEmpty();
    return createMessage(this.ctx, { channelId: channel.id, authorId: input.userId, content: input.content }).message;
  }

  editMessage(input: { channelId: string; messageId: string; content: string }): APIMessage {
    return editMessage(this.ctx, input.channelId, input.messageId, { content: input.content });
  }

  /** Deletes as `userId`: their own message, or anyone's with MANAGE_MESSAGES. */
  deleteMessage(input: { channelId: string; messageId: string; userId: string; reason?: string | undefined }): void {
    const channel = this.ctx.world.channel(input.channelId);
    const message = this.ctx.world.message(channel.id, input.messageId);
    if (message.author.id !== input.userId) requireChannelPermission(this.ctx.world, channel, input.userId, P.ManageMessages);
    deleteMessage(this.ctx, channel.id, message.id, input.userId, input.reason);
  }

  /** A user joins; with no userId a brand-new user is created (named `username` or generated). */
  join(input: { guildId: string; userId?: string | undefined; username?: string | undefined }): APIGuildMember {
    const userId = input.userId ?? createUser(this.ctx, input.username ?? `newcomer_${this.ctx.world.ids.next().slice(-6)}`).id;
    return addMember(this.ctx, input.guildId, userId);
  }

  leave(input: { guildId: string; userId: string }): void {
    removeMember(this.ctx, input.guildId, input.userId);
  }

  kick(input: { guildId: string; moderatorId: string; userId: string; reason?: string | undefined }): void {
    requireGuildPermission(this.ctx.world, input.guildId, input.moderatorId, P.KickMembers);
    this.ctx.world.member(input.guildId, input.userId);
    requireAbove(this.ctx.world, input.guildId, input.moderatorId, input.userId);
    removeMember(this.ctx, input.guildId, input.userId, { actorId: input.moderatorId, reason: input.reason });
  }

  ban(input: { guildId: string; moderatorId: string; userId: string; reason?: string | undefined; deleteMessageSeconds?: number | undefined }): void {
    requireGuildPermission(this.ctx.world, input.guildId, input.moderatorId, P.BanMembers);
    this.ctx.world.user(input.userId);
    requireAbove(this.ctx.world, input.guildId, input.moderatorId, input.userId);
    banUser(this.ctx, input.guildId, input.userId, { actorId: input.moderatorId, reason: input.reason, deleteMessageSeconds: input.deleteMessageSeconds });
  }

  unban(input: { guildId: string; moderatorId: string; userId: string; reason?: string | undefined }): void {
    requireGuildPermission(this.ctx.world, input.guildId, input.moderatorId, P.BanMembers);
    unbanUser(this.ctx, input.guildId, input.userId, { actorId: input.moderatorId, reason: input.reason });
  }

  /** Times a member out for `durationSeconds` (0 lifts the timeout). */
  timeout(input: { guildId: string; moderatorId: string; userId: string; durationSeconds: number; reason?: string | undefined }): APIGuildMember {
    requireGuildPermission(this.ctx.world, input.guildId, input.moderatorId, P.ModerateMembers);
    this.ctx.world.member(input.guildId, input.userId);
    requireAbove(this.ctx.world, input.guildId, input.moderatorId, input.userId);
    if (hasPermission(guildPermissions(this.ctx.world, input.guildId, input.userId), P.Administrator)) throw Errors.missingPermissions();
    const until = input.durationSeconds > 0 ? new Date(this.ctx.world.now() + input.durationSeconds * 1000).toISOString() : null;
    return updateMember(this.ctx, input.guildId, input.userId, { communication_disabled_until: until }, { actorId: input.moderatorId, reason: input.reason });
  }

  setRoles(input: { guildId: string; moderatorId: string; userId: string; add?: string[] | undefined; remove?: string[] | undefined; reason?: string | undefined }): APIGuildMember {
    const m = this.ctx.world.member(input.guildId, input.userId);
    for (const r of [...(input.add ?? []), ...(input.remove ?? [])]) requireCanManageRole(this.ctx.world, input.guildId, input.moderatorId, r);
    const roles = [...m.roles.filter((r) => !(input.remove ?? []).includes(r)), ...(input.add ?? [])];
    return updateMember(this.ctx, input.guildId, input.userId, { roles }, { actorId: input.moderatorId, reason: input.reason });
  }

  setNick(input: { guildId: string; moderatorId: string; userId: string; nick: string | null; reason?: string | undefined }): APIGuildMember {
    if (input.moderatorId !== input.userId) {
      requireGuildPermission(this.ctx.world, input.guildId, input.moderatorId, P.ManageNicknames);
      requireAbove(this.ctx.world, input.guildId, input.moderatorId, input.userId);
    }
    return updateMember(this.ctx, input.guildId, input.userId, { nick: input.nick }, { actorId: input.moderatorId, reason: input.reason });
  }

  setPresence(input: { guildId: string; userId: string; status: PresenceUpdateReceiveStatus; activities?: ActivityInput[] | undefined }): void {
    setPresence(this.ctx, input.guildId, input.userId, input.status, input.activities ?? []);
  }

  createRole(input: { guildId: string; actorId: string; role: RoleFields; reason?: string | undefined }): APIRole {
    requireGuildPermission(this.ctx.world, input.guildId, input.actorId, P.ManageRoles);
    return createRole(this.ctx, input.guildId, input.role, { actorId: input.actorId, reason: input.reason });
  }

  updateRole(input: { guildId: string; actorId: string; roleId: string; role: RoleFields; reason?: string | undefined }): APIRole {
    requireCanManageRole(this.ctx.world, input.guildId, input.actorId, input.roleId);
    return updateRole(this.ctx, input.guildId, input.roleId, input.role, { actorId: input.actorId, reason: input.reason });
  }

  deleteRole(input: { guildId: string; actorId: string; roleId: string; reason?: string | undefined }): void {
    requireCanManageRole(this.ctx.world, input.guildId, input.actorId, input.roleId);
    deleteRole(this.ctx, input.guildId, input.roleId, { actorId: input.actorId, reason: input.reason });
  }

  createChannel(input: { guildId: string; actorId: string; channel: ChannelFields; reason?: string | undefined }): GuildChannel {
    requireGuildPermission(this.ctx.world, input.guildId, input.actorId, P.ManageChannels);
    return createChannel(this.ctx, input.guildId, input.channel, { actorId: input.actorId, reason: input.reason });
  }

  updateChannel(input: { guildId: string; actorId: string; channelId: string; channel: ChannelFields; reason?: string | undefined }): GuildChannel {
    requireGuildPermission(this.ctx.world, input.guildId, input.actorId, P.ManageChannels);
    return updateChannel(this.ctx, input.guildId, input.channelId, input.channel, { actorId: input.actorId, reason: input.reason });
  }

  deleteChannel(input: { guildId: string; actorId: string; channelId: string; reason?: string | undefined }): GuildChannel {
    requireGuildPermission(this.ctx.world, input.guildId, input.actorId, P.ManageChannels);
    return deleteChannel(this.ctx, input.guildId, input.channelId, { actorId: input.actorId, reason: input.reason });
  }

  /** A member runs a slash command the bot registered; returns the interaction's id. */
  invokeCommand(input: { guildId: string; channelId: string; userId: string; command: string; options?: OptionInput[] | undefined }): InteractionView {
    return this.interaction(invokeCommand(this.ctx, this.interactions, { ...input, options: input.options ?? [] }).id);
  }

  /** A member picks a context-menu command ("Apps" on a member or a message); targetId is the member's or the message's id. */
  invokeContextMenu(input: { guildId: string; channelId: string; userId: string; command: string; targetId: string }): InteractionView {
    return this.interaction(invokeContextMenu(this.ctx, this.interactions, input).id);
  }

  clickComponent(input: { guildId: string; channelId: string; userId: string; messageId: string; customId: string; componentType?: number | undefined; values?: string[] | undefined }): InteractionView {
    return this.interaction(invokeComponent(this.ctx, this.interactions, input).id);
  }

  submitModal(input: { guildId: string; channelId: string; userId: string; customId: string; fields: { customId: string; value: string }[]; messageId?: string | undefined }): InteractionView {
    return this.interaction(invokeModalSubmit(this.ctx, this.interactions, input).id);
  }

  // ---- voice ---------------------------------------------------------------------------

  private get voice(): VoiceHub {
    if (!this.voiceHub) throw Errors.notFound();
    return this.voiceHub;
  }

  /** Moves a member (or the bot) into a voice channel; channelId null leaves voice. */
  moveVoice(input: { guildId: string; userId: string; channelId: string | null }): { previousChannelId: string | null; channelId: string | null } {
    return this.voice.move(input);
  }

  /** What the voice server heard, per voice session (the bot's, one per guild). */
  voiceSessions(): VoiceSessionView[] {
    return this.voice.sessions();
  }

  /** Silence/audio starts and pitch changes heard in a guild's voice session since `since` (epoch ms). */
  voiceTimeline(guildId: string, since?: number): AudioChange[] {
    return this.voice.timeline(guildId, since);
  }

  /** Closes voice sockets (4006/4014/4015), drops UDP, or leaves voice heartbeats unanswered. */
  injectVoiceFault(fault: VoiceFaultInput): number {
    return this.voice.inject(fault);
  }

  /** The voice server's TLS certificate (PEM), for a bot in sandbox mode to trust. */
  voiceCertificate(): string {
    return this.voice.server.certificate;
  }

  // ---- faults and lifecycle ------------------------------------------------------------

  addFault(input: FaultInput): Fault {
    return this.faultInjector.add(input);
  }

  faults(): Fault[] {
    return this.faultInjector.list();
  }

  clearFaults(): void {
    this.faultInjector.clear();
  }

  disconnectGateway(fault?: DisconnectFault): number {
    return this.gateway.disconnectAll(fault);
  }

  /** Leaves the next `count` heartbeats unanswered: discord.js then sees a zombie connection. */
  skipHeartbeatAcks(count: number): void {
    this.gateway.swallowHeartbeats = count;
  }

  gatewaySessions() {
    return this.gateway.connectedSessions();
  }

  setRateLimitScale(scale: number): void {
    this.rateLimiter.scale = scale;
    this.rateLimiter.reset();
  }

  clearRestCalls(): void {
    this.calls.clear();
  }

  /** Rebuilds the world from a seed (same seed → same world); gateway clients must IDENTIFY again. */
  reset(seed?: number): void {
    this.reseed(seed);
  }
}
