import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionType,
  Locale,
  MessageType,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIMessageApplicationCommandGuildInteraction,
  type APIUserApplicationCommandGuildInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageComponentGuildInteraction,
  type APIModalSubmitGuildInteraction,
  type APIApplicationCommandAutocompleteGuildInteraction,
} from 'discord-api-types/v10';
import { DiscordError } from '../errors.js';
import { channelPermissions, guildPermissions, hasPermission, permissionString } from '../permissions.js';
import type { WorldContext } from './context.js';

export interface InteractionResponseRecord {
  at: string;
  kind: 'callback' | 'edit_original' | 'delete_original' | 'followup' | 'edit_followup' | 'delete_followup';
  /** Interaction callback type (4 reply, 5 defer, 6/7 component update, 9 modal …). */
  type?: number;
  data?: unknown;
  messageId?: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  guildId: string;
  channelId: string;
  userId: string;
  /** Command name, or the component's custom_id. */
  name: string;
  payload:
    | APIChatInputApplicationCommandGuildInteraction
    | APIUserApplicationCommandGuildInteraction
    | APIMessageApplicationCommandGuildInteraction
    | APIMessageComponentGuildInteraction
    | APIModalSubmitGuildInteraction
    | APIApplicationCommandAutocompleteGuildInteraction;
  createdAt: number;
  acknowledged: boolean;
  responses: InteractionResponseRecord[];
  originalMessageId: string | null;
  /** Ephemeral messages live only here: Discord never dispatches them to the bot. */
  ephemeral: Map<string, APIMessage>;
  followupIds: string[];
  /** For component interactions: the message the component belongs to. */
  sourceMessageId: string | null;
}

/** Interaction tokens stay valid for 15 minutes. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;

export class InteractionStore {
  readonly byId = new Map<string, InteractionRecord>();
  readonly byToken = new Map<string, InteractionRecord>();

  add(r: InteractionRecord): void {
    this.byId.set(r.id, r);
    this.byToken.set(r.token, r);
    // Keep the newest 2000 so a long demo stays bounded (Map iterates oldest first).
    for (const [id, old] of this.byId) {
      if (this.byId.size <= 2000) break;
      this.byId.delete(id);
      this.byToken.delete(old.token);
    }
  }

  clear(): void {
    this.byId.clear();
    this.byToken.clear();
  }
}

/** Options as a test passes them: Discord's option array, `type` optional (taken from the command). */
export interface OptionInput {
  name: string;
  type?: number | undefined;
  value?: string | number | boolean | undefined;
  options?: OptionInput[] | undefined;
  focused?: boolean | undefined;
}

const badRequest = (message: string) => new DiscordError(400, 50035, message);

const findCommand = (ctx: WorldContext, guildId: string, name: string): APIApplicationCommand => {
  const match = (c: APIApplicationCommand) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
  const found = [...ctx.world.guild(guildId).commands.values()].find(match) ?? [...ctx.world.globalCommands.values()].find(match);
  if (!found) throw new DiscordError(404, 10063, `Unknown application command: /${name} is not registered by the bot (globally or in this guild)`);
  return found;
};

/** Fills missing option types from the command's definition and gathers `resolved`. */
const shapeOptions = (
  ctx: WorldContext,
  guildId: string,
  defs: readonly APIApplicationCommandOption[] | undefined,
  input: OptionInput[],
  resolved: APIInteractionDataResolved,
): APIApplicationCommandInteractionDataOption[] =>
  input.map((o) => {
    const def = defs?.find((d) => d.name === o.name);
    const type = o.type ?? def?.type;
    if (type === undefined) throw badRequest(`Option "${o.name}" is not defined by the command and has no type`);
    if (type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup) {
      const subDefs = def && 'options' in def ? (def.options as APIApplicationCommandOption[] | undefined) : undefined;
      return { name: o.name, type, options: shapeOptions(ctx, guildId, subDefs, o.options ?? [], resolved) } as APIApplicationCommandInteractionDataOption;
    }
    const value = o.value;
    if (value === undefined) throw badRequest(`Option "${o.name}" needs a value`);
    const id = String(value);
    const g = ctx.world.guild(guildId);
    if (type === ApplicationCommandOptionType.User || type === ApplicationCommandOptionType.Mentionable) {
      const user = ctx.world.users.get(id);
      if (user) {
        (resolved.users ??= {})[id] = user;
        const m = g.members.get(id);
        if (m) {
          const { userId: _u, ...rest } = m;
          void _u;
          (resolved.members ??= {})[id] = { ...rest, avatar: rest.avatar ?? null, banner: rest.banner ?? null, joined_at: rest.joined_at ?? null, permissions: permissionString(guildPermissions(ctx.world, guildId, id)) };
        }
      } else if (type === ApplicationCommandOptionType.User) throw badRequest(`Option "${o.name}": unknown user ${id}`);
    }
    if (type === ApplicationCommandOptionType.Role || (type === ApplicationCommandOptionType.Mentionable && !ctx.world.users.has(id))) {
      const role = g.roles.get(id);
      if (!role) throw badRequest(`Option "${o.name}": unknown role ${id}`);
      (resolved.roles ??= {})[id] = role;
    }
    if (type === ApplicationCommandOptionType.Channel) {
      const ch = ctx.world.channels.get(id);
      if (!ch || !('guild_id' in ch) || ch.guild_id !== guildId) throw badRequest(`Option "${o.name}": unknown channel ${id}`);
      (resolved.channels ??= {})[id] = {
        id,
        type: ch.type,
        name: ch.name,
        permissions: permissionString(channelPermissions(ctx.world, ch, ctx.world.bot.userId)),
      } as NonNullable<APIInteractionDataResolved['channels']>[string];
    }
    return { name: o.name, type, value, ...(o.focused ? { focused: true } : {}) } as APIApplicationCommandInteractionDataOption;
  });

interface InvokeBase {
  guildId: string;
  channelId: string;
  userId: string;
}

const common = (ctx: WorldContext, input: InvokeBase, id: string, token: string) => {
  const { world } = ctx;
  const channel = world.guildChannel(input.guildId, input.channelId);
  const member = world.member(input.guildId, input.userId);
  return {
    id,
    application_id: world.bot.applicationId,
    token,
    version: 1 as const,
    guild_id: input.guildId,
    guild: { id: input.guildId, locale: Locale.EnglishUS, features: [] },
    channel_id: channel.id,
    channel: { ...channel },
    member: { ...world.memberObject(member), permissions: permissionString(channelPermissions(world, channel, input.userId)) },
    app_permissions: permissionString(channelPermissions(world, channel, world.bot.userId)),
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { '0': input.guildId },
    context: 0 as const,
    attachment_size_limit: 10 * 1024 * 1024,
  };
};

const newRecord = (
  ctx: WorldContext,
  store: InteractionStore,
  input: InvokeBase,
  name: string,
  payload: InteractionRecord['payload'],
  sourceMessageId: string | null,
): InteractionRecord => {
  const record: InteractionRecord = {
    id: payload.id,
    token: payload.token,
    type: payload.type,
    guildId: input.guildId,
    channelId: input.channelId,
    userId: input.userId,
    name,
    payload,
    createdAt: ctx.world.now(),
    acknowledged: false,
    responses: [],
    originalMessageId: null,
    ephemeral: new Map(),
    followupIds: [],
    sourceMessageId,
  };
  store.add(record);
  ctx.bus.emit(GatewayDispatchEvents.InteractionCreate, payload, input.guildId);
  return record;
};

const newToken = (id: string) => `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;

/**
 * A member running a slash command (or typing into an autocomplete option, when one option is
 * `focused`): Discord's checks, then INTERACTION_CREATE.
 */
export const invokeCommand = (ctx: WorldContext, store: InteractionStore, input: InvokeBase & { command: string; options: OptionInput[] }): InteractionRecord => {
  const { world } = ctx;
  const channel = world.guildChannel(input.guildId, input.channelId);
  world.member(input.guildId, input.userId);
  const command = findCommand(ctx, input.guildId, input.command);
  const perms = channelPermissions(world, channel, input.userId);
  if (!hasPermission(perms, 1n << 31n)) throw new DiscordError(403, 50013, 'Missing Permissions: the user cannot use application commands here');
  if (command.default_member_permissions && !hasPermission(guildPermissions(world, input.guildId, input.userId), BigInt(command.default_member_permissions))) {
    throw new DiscordError(403, 50013, `Missing Permissions: /${command.name} needs default_member_permissions ${command.default_member_permissions}`);
  }
  const resolved: APIInteractionDataResolved = {};
  const options = shapeOptions(ctx, input.guildId, command.options, input.options, resolved);
  const id = world.ids.next();
  const focused = JSON.stringify(input.options).includes('"focused":true');
  const payload = {
    ...common(ctx, input, id, newToken(id)),
    type: focused ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    },
  } as APIChatInputApplicationCommandGuildInteraction;
  return newRecord(ctx, store, input, command.name, payload, null);
};

/**
 * A member picking a context-menu command the bot registered (type 2 "User" on a member, type 3
 * "Message" on a message of this channel), as Discord sends it: `data.type`, `data.target_id`
 * and the target in `data.resolved` (users + members, or messages).
 */
export const invokeContextMenu = (ctx: WorldContext, store: InteractionStore, input: InvokeBase & { command: string; targetId: string }): InteractionRecord => {
  const { world } = ctx;
  const channel = world.guildChannel(input.guildId, input.channelId);
  world.member(input.guildId, input.userId);
  const match = (c: APIApplicationCommand) => c.name === input.command && (c.type === ApplicationCommandType.User || c.type === ApplicationCommandType.Message);
  const command = [...world.guild(input.guildId).commands.values()].find(match) ?? [...world.globalCommands.values()].find(match);
  if (!command) throw new DiscordError(404, 10063, `Unknown application command: no context-menu command "${input.command}" is registered by the bot`);
  const perms = channelPermissions(world, channel, input.userId);
  if (!hasPermission(perms, 1n << 31n)) throw new DiscordError(403, 50013, 'Missing Permissions: the user cannot use application commands here');
  if (command.default_member_permissions && !hasPermission(guildPermissions(world, input.guildId, input.userId), BigInt(command.default_member_permissions))) {
    throw new DiscordError(403, 50013, `Missing Permissions: "${command.name}" needs default_member_permissions ${command.default_member_permissions}`);
  }
  const users: APIInteractionDataResolved = {};
  const resolved =
    command.type === ApplicationCommandType.User
      ? (shapeOptions(ctx, input.guildId, undefined, [{ name: 'target', type: ApplicationCommandOptionType.User, value: input.targetId }], users), users)
      : { messages: { [input.targetId]: world.message(input.channelId, input.targetId) } };
  const id = world.ids.next();
  const payload = {
    ...common(ctx, input, id, newToken(id)),
    type: InteractionType.ApplicationCommand,
    data: { id: command.id, name: command.name, type: command.type, target_id: input.targetId, resolved, ...(command.guild_id ? { guild_id: command.guild_id } : {}) },
  } as APIUserApplicationCommandGuildInteraction | APIMessageApplicationCommandGuildInteraction;
  return newRecord(ctx, store, input, command.name, payload, null);
};

/** A member clicking a button / choosing in a select menu on a message. */
export const invokeComponent = (
  ctx: WorldContext,
  store: InteractionStore,
  input: InvokeBase & { messageId: string; customId: string; componentType?: number | undefined; values?: string[] | undefined },
): InteractionRecord => {
  // A button on an ephemeral reply lives only in the interaction that made it, not in the channel.
  const ephemeral = [...store.byId.values()].find((r) => r.userId === input.userId && r.ephemeral.has(input.messageId))?.ephemeral.get(input.messageId);
  const message = ephemeral ?? ctx.world.message(input.channelId, input.messageId);
  const id = ctx.world.ids.next();
  const componentType = input.componentType ?? ComponentType.Button;
  const payload = {
    ...common(ctx, input, id, newToken(id)),
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: input.customId, component_type: componentType, ...(input.values ? { values: input.values } : {}) },
  } as APIMessageComponentGuildInteraction;
  return newRecord(ctx, store, input, input.customId, payload, message.id);
};

/** A member submitting a modal the bot showed: custom_id and the text inputs' values. */
export const invokeModalSubmit = (
  ctx: WorldContext,
  store: InteractionStore,
  input: InvokeBase & { customId: string; fields: { customId: string; value: string }[]; messageId?: string | undefined },
): InteractionRecord => {
  const id = ctx.world.ids.next();
  const message = input.messageId ? ctx.world.message(input.channelId, input.messageId) : undefined;
  const payload = {
    ...common(ctx, input, id, newToken(id)),
    type: InteractionType.ModalSubmit,
    ...(message ? { message } : {}),
    data: {
      custom_id: input.customId,
      components: input.fields.map((f) => ({ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: f.customId, value: f.value }] })),
    },
  } as APIModalSubmitGuildInteraction;
  return newRecord(ctx, store, input, input.customId, payload, message?.id ?? null);
};

/** Fields every message sent through an interaction carries. */
export const interactionMessageExtra = (ctx: WorldContext, r: InteractionRecord): Partial<APIMessage> => ({
  webhook_id: ctx.world.bot.applicationId,
  application_id: ctx.world.bot.applicationId,
  interaction_metadata: {
    id: r.id,
    type: r.type,
    user: ctx.world.user(r.userId),
    authorizing_integration_owners: { '0': r.guildId },
    ...(r.type === InteractionType.ApplicationCommand ? { name: r.name, command_type: ApplicationCommandType.ChatInput } : {}),
  } as APIMessage['interaction_metadata'],
  interaction: { id: r.id, type: r.type, name: r.name, user: ctx.world.user(r.userId) } as APIMessage['interaction'],
});

export const responseMessageType = (r: InteractionRecord): MessageType =>
  r.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default;
