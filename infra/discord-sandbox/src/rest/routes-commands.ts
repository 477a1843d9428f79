import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, type APIApplication, type APIApplicationCommand } from 'discord-api-types/v10';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DiscordError, Errors } from '../errors.js';
import { APPLICATION_FLAGS } from '../gateway/payloads.js';
import type { WorldContext } from '../world/context.js';
import { readBody } from './body.js';
import type { RestDeps, RestEnv } from './env.js';
import { botId, json, noContent } from './helpers.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type OptionShape = {
  type: number;
  name: string;
  description: string;
  required?: boolean | undefined;
  choices?: { name: string; value: string | number }[] | undefined;
  options?: OptionShape[] | undefined;
  [k: string]: unknown;
};

const Option: z.ZodType<OptionShape> = z.lazy(() =>
  z.looseObject({
    type: z.number().int().min(1).max(11),
    name: z.string().regex(NAME).refine((n) => n === n.toLowerCase(), 'Command name must be lowercase'),
    description: z.string().min(1).max(100),
    required: z.boolean().optional(),
    choices: z.array(z.object({ name: z.string().min(1).max(100), value: z.union([z.string().max(100), z.number()]) })).max(25).optional(),
    options: z.array(Option).max(25).optional(),
  }),
);

const CommandBody = z
  .object({
    name: z.string().min(1).max(32),
    name_localizations: z.record(z.string(), z.string()).nullable().optional(),
    description: z.string().max(100).optional(),
    description_localizations: z.record(z.string(), z.string()).nullable().optional(),
    options: z.array(Option).max(25).optional(),
    default_member_permissions: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String).nullable().optional(),
    dm_permission: z.boolean().nullable().optional(),
    type: z.number().int().min(1).max(4).optional(),
    nsfw: z.boolean().optional(),
    contexts: z.array(z.number().int()).nullable().optional(),
    integration_types: z.array(z.number().int()).optional(),
  })
  .superRefine((cmd, ctx) => {
    const chatInput = (cmd.type ?? 1) === ApplicationCommandType.ChatInput;
    if (chatInput && (!NAME.test(cmd.name) || cmd.name !== cmd.name.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Command name is invalid' });
    }
    if (chatInput && !cmd.description) ctx.addIssue({ code: 'invalid_type', expected: 'string', path: ['description'], input: undefined, message: 'This field is required' });
  });
type CommandBody = z.infer<typeof CommandBody>;

const toCommand = (ctx: WorldContext, body: CommandBody, id: string, guildId: string | null): APIApplicationCommand => ({
  id,
  application_id: ctx.world.bot.applicationId,
  ...(guildId ? { guild_id: guildId } : {}),
  name: body.name,
  name_localizations: body.name_localizations ?? null,
  description: body.description ?? '',
  description_localizations: body.description_localizations ?? null,
  ...(body.options ? { options: body.options as APIApplicationCommand['options'] } : {}),
  default_member_permissions: body.default_member_permissions ?? null,
  dm_permission: body.dm_permission ?? true,
  type: (body.type ?? ApplicationCommandType.ChatInput) as ApplicationCommandType,
  nsfw: body.nsfw ?? false,
  // Every change gets a new version snowflake, as Discord's do.
  version: ctx.world.ids.next(),
  contexts: (body.contexts ?? [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel]) as InteractionContextType[],
  integration_types: (body.integration_types ?? [ApplicationIntegrationType.GuildInstall]) as ApplicationIntegrationType[],
});

export const applicationObject = (ctx: WorldContext): APIApplication => ({
  id: ctx.world.bot.applicationId,
  name: 'Guildhall',
  icon: null,
  description: 'The Guildhall bot (sandbox application)',
  summary: '',
  bot_public: true,
  bot_require_code_grant: false,
  bot: ctx.world.user(ctx.world.bot.userId),
  verify_key: '0'.repeat(64),
  team: null,
  flags: APPLICATION_FLAGS,
  flags_new: String(APPLICATION_FLAGS),
  redirect_uris: [],
  interactions_endpoint_url: null,
  approximate_guild_count: ctx.world.guilds.size,
});

export const registerCommandRoutes = (app: Hono<RestEnv>, deps: RestDeps): void => {
  const { ctx } = deps;

  const scope = (c: Context<RestEnv>): Map<string, APIApplicationCommand> => {
    const me = botId(c);
    if (c.req.param('applicationId') !== ctx.world.bot.applicationId) throw Errors.missingAccess();
    const guildId = c.req.param('guildId');
    if (!guildId) return ctx.world.globalCommands;
    const g = ctx.world.guild(guildId);
    if (!g.members.has(me)) throw Errors.missingAccess();
    return g.commands;
  };

  for (const base of ['/applications/:applicationId/commands', '/applications/:applicationId/guilds/:guildId/commands']) {
    app.get(base, (c) => json([...scope(c).values()]));

    app.post(base, async (c) => {
      const commands = scope(c);
      const { body } = await readBody(c, CommandBody);
      const existing = [...commands.values()].find((x) => x.name === body.name && x.type === (body.type ?? 1));
      if (!existing && commands.size >= 100) throw new DiscordError(400, 30032, 'Maximum number of application commands reached (100)');
      const cmd = toCommand(ctx, body, existing?.id ?? ctx.world.ids.next(), c.req.param('guildId') ?? null);
      commands.set(cmd.id, cmd);
      return json(cmd, existing ? 200 : 201);
    });

    app.put(base, async (c) => {
      const commands = scope(c);
      const { body } = await readBody(c, z.array(CommandBody).max(100));
      const previous = [...commands.values()];
      const next = body.map((b) => {
        const same = previous.find((x) => x.name === b.name && x.type === (b.type ?? 1));
        return toCommand(ctx, b, same?.id ?? ctx.world.ids.next(), c.req.param('guildId') ?? null);
      });
      commands.clear();
      for (const cmd of next) commands.set(cmd.id, cmd);
      return json(next);
    });

    app.get(`${base}/:commandId`, (c) => {
      const cmd = scope(c).get(c.req.param('commandId') ?? '');
      if (!cmd) throw Errors.unknownCommand();
      return json(cmd);
    });

    app.patch(`${base}/:commandId`, async (c) => {
      const commands = scope(c);
      const current = commands.get(c.req.param('commandId') ?? '');
      if (!current) throw Errors.unknownCommand();
      const { body } = await readBody(c, CommandBody.partial());
      const merged = toCommand(ctx, { ...current, ...body, name: body.name ?? current.name } as CommandBody, current.id, current.guild_id ?? null);
      commands.set(current.id, merged);
      return json(merged);
    });

    app.delete(`${base}/:commandId`, (c) => {
      const commands = scope(c);
      if (!commands.delete(c.req.param('commandId') ?? '')) throw Errors.unknownCommand();
      return noContent();
    });
  }

  app.get('/applications/@me', (c) => {
    botId(c);
    return json(applicationObject(ctx));
  });
  app.get('/oauth2/applications/@me', (c) => {
    botId(c);
    return json(applicationObject(ctx));
  });
};
