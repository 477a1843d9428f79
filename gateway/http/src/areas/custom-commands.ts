import {
  CustomCommandDefinitionSchema,
  customCommandsAggregate,
  customCommandsStreamId,
  definitionProblem,
  diffDefinitions,
  liveCommands,
  type CustomCommandDefinition,
  type CustomCommandEntry,
} from '@guildhall/automation';
import { aggregateStream } from '@guildhall/eventing';
import { newId } from '@guildhall/kernel';
import type { Context } from 'hono';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json, loose } from '../api/schemas.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import { actionProblem } from '../queries/bot-capabilities.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';

const CommandParams = GuildParams.extend({ commandId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ -') });
const VersionParam = z.string().regex(/^\d{1,6}$/, 'must be a version number').transform(Number).pipe(z.number().int().min(1, 'versions start at 1'));
const DiffQuery = z.object({ from: VersionParam.openapi({ type: 'integer', example: '1' }), to: VersionParam.openapi({ type: 'integer', example: '2' }) }).strict();
const Empty = z.object({}).strict();

/** `updateCustomCommand`'s body: the whole new definition, and the version the editor started from. */
export const UpdateCustomCommandSchema = CustomCommandDefinitionSchema.extend({ expectedVersion: z.number().int().min(1).nullable().optional() });
const RollBackSchema = z.object({ toVersion: z.number().int().min(1) });

const CustomCommandView = loose('CustomCommand', { commandId: z.string(), version: z.number().int(), definition: z.record(z.string(), z.unknown()) });
const Answer = loose('CustomCommandAnswer', { commandId: z.string(), status: z.string(), customCommandId: z.string() });

const viewOf = (c: CustomCommandEntry) => ({
  commandId: c.commandId,
  version: c.version,
  definition: c.definition,
  runs: c.runs,
  counters: c.counters,
  updatedAt: c.versions.at(-1)!.at,
  updatedBy: c.versions.at(-1)!.by,
});

/**
 * The rules beyond the body's shape as a 400 naming the field; a template error carries where
 * (offset, line, column) so the editor can point at it. The decider checks them again.
 */
const refuseProblems = (d: CustomCommandDefinition): void => {
  const p = definitionProblem(d);
  if (!p) return;
  const status = p.code === 'NAME_TAKEN' ? 409 : 400;
  throw new ApiError(status, p.code, p.reason, p.field, p.position ? { ...p.position, templateCode: p.templateCode } : undefined);
};

/**
 * Custom commands of a guild, at `/api/guilds/{guildId}/custom-commands` (one `app.route` line):
 *   GET    /                              listCustomCommands
 *   POST   /                              createCustomCommand   { name, description, response, options?, actions?, permission?, cooldownSeconds?, ephemeral? }
 *   GET    /{commandId}                   getCustomCommand
 *   PUT    /{commandId}                   updateCustomCommand   the definition, expectedVersion?
 *   DELETE /{commandId}                   deleteCustomCommand
 *   GET    /{commandId}/history           listCustomCommandHistory
 *   GET    /{commandId}/diff?from&to      diffCustomCommandVersions
 *   POST   /{commandId}/rollback          rollBackCustomCommand { toVersion }
 * Reads come from the guild's custom-commands stream (the truth the bot registers from).
 */
export const customCommandsArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });
  const read = guildRule('moderator', 'automation:write');
  const write = guildRule('admin', 'automation:write');

  const stateOf = async (c: Context<AppEnv>) => (await aggregateStream(deps.store, customCommandsStreamId(c.var.guild.id), customCommandsAggregate)).state;
  const entryOf = async (c: Context<AppEnv>, commandId: string): Promise<CustomCommandEntry> => {
    const entry = (await stateOf(c)).commands[commandId];
    if (!entry || entry.deleted) throw new ApiError(404, 'COMMAND_NOT_FOUND', `no custom command ${commandId} in this server`, 'commandId');
    return entry;
  };
  /** An action the bot could not carry out is refused at save (400 naming the action's field), so nothing fails half-way later. */
  const refuseUnable = async (c: Context<AppEnv>, actions: readonly { kind: string; roleId?: string; channelId?: string }[]): Promise<void> => {
    const p = await actionProblem(deps.store, c.var.guild.id, deps.botStatus.latest()?.botUser?.id ?? null, actions);
    if (p) throw new ApiError(400, p.code, p.reason, p.field);
  };
  const send = async (c: Context<AppEnv>, customCommandId: string, type: string, payload: unknown, created = false) => {
    const sent = await sendCommand(c, deps, { context: 'automation', type, payload });
    const answer = commandAnswer(c, sent);
    if (sent.result.status !== 'accepted') return answer;
    const entry = (await stateOf(c)).commands[customCommandId];
    return c.json({ commandId: sent.commandId, correlationId: sent.correlationId, status: 'accepted' as const, customCommandId, version: entry?.version ?? null, command: entry ? viewOf(entry) : null }, created ? 201 : 200);
  };

  app.openapi(
    apiRoute(deps, { operationId: 'listCustomCommands', method: 'get', path: '/guilds/{guildId}/custom-commands', tags: ['automation'], summary: "The guild's custom slash commands", access: read, request: { params: GuildParams, query: Empty }, responses: { 200: json(z.object({ commands: z.array(CustomCommandView).readonly() }), 'OK') } }),
    async (c) => c.json({ commands: liveCommands(await stateOf(c)).map(viewOf) }, 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'createCustomCommand',
      method: 'post',
      path: '/guilds/{guildId}/custom-commands',
      tags: ['automation'],
      summary: 'Define a custom slash command; the bot registers it in the guild within seconds',
      description: 'The response and each post/DM text is a template ({{user}}, {{user.name}}, {{channel}}, {{guild.name}}, {{option.<name>}}, {{counter.<name>}}), checked here: a syntax error or unknown variable is a 400 with the field and details {offset, line, column}.',
      access: write,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: CustomCommandDefinitionSchema } } } },
      responses: { 201: json(Answer, 'Created'), 202: json(Answer, 'Still deciding'), 409: json(Answer, 'NAME_TAKEN'), 422: json(Answer, 'Refused') },
    }),
    async (c) => {
      const definition = c.req.valid('json');
      refuseProblems(definition);
      await refuseUnable(c, definition.actions);
      const taken = liveCommands(await stateOf(c)).find((x) => x.definition.name === definition.name);
      if (taken) throw new ApiError(409, 'NAME_TAKEN', `this server already has a /${definition.name}`, 'name', { commandId: taken.commandId });
      const id = newId().replace(/[^A-Za-z0-9_-]/g, '');
      return send(c, id, 'CreateCustomCommand', { commandId: id, definition }, true);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'getCustomCommand', method: 'get', path: '/guilds/{guildId}/custom-commands/{commandId}', tags: ['automation'], summary: 'One custom command, its current version', access: read, request: { params: CommandParams, query: Empty }, responses: { 200: json(CustomCommandView, 'OK'), 404: json(Answer, 'COMMAND_NOT_FOUND') } }),
    async (c) => c.json(viewOf(await entryOf(c, c.req.valid('param').commandId)), 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'updateCustomCommand',
      method: 'put',
      path: '/guilds/{guildId}/custom-commands/{commandId}',
      tags: ['automation'],
      summary: 'Save a new version of a custom command (re-registered in the guild)',
      access: write,
      request: { params: CommandParams, body: { required: true, content: { 'application/json': { schema: UpdateCustomCommandSchema } } } },
      responses: { 200: json(Answer, 'Saved'), 202: json(Answer, 'Still deciding'), 404: json(Answer, 'COMMAND_NOT_FOUND'), 409: json(Answer, 'NAME_TAKEN, VERSION_CONFLICT'), 422: json(Answer, 'Refused') },
    }),
    async (c) => {
      const { commandId } = c.req.valid('param');
      const { expectedVersion, ...definition } = c.req.valid('json');
      refuseProblems(definition);
      await refuseUnable(c, definition.actions);
      await entryOf(c, commandId);
      return send(c, commandId, 'UpdateCustomCommand', { commandId, definition, expectedVersion: expectedVersion ?? null });
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'deleteCustomCommand', method: 'delete', path: '/guilds/{guildId}/custom-commands/{commandId}', tags: ['automation'], summary: 'Delete a custom command (unregistered from the guild; its history stays)', access: write, request: { params: CommandParams }, responses: { 200: json(Answer, 'Deleted'), 404: json(Answer, 'COMMAND_NOT_FOUND') } }),
    async (c) => {
      const { commandId } = c.req.valid('param');
      await entryOf(c, commandId);
      return send(c, commandId, 'DeleteCustomCommand', { commandId });
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listCustomCommandHistory', method: 'get', path: '/guilds/{guildId}/custom-commands/{commandId}/history', tags: ['automation'], summary: 'Every version: what changed, who and when (newest first)', access: read, request: { params: CommandParams, query: Empty }, responses: { 200: json(z.object({ versions: z.array(loose('CustomCommandVersion', { version: z.number().int() })).readonly() }), 'OK'), 404: json(Answer, 'COMMAND_NOT_FOUND') } }),
    async (c) => {
      const entry = await entryOf(c, c.req.valid('param').commandId);
      const versions = entry.versions.map((v, i) => ({ ...v, changes: i === 0 ? [] : diffDefinitions(entry.versions[i - 1]!.definition, v.definition) }));
      return c.json({ versions: versions.reverse() }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'diffCustomCommandVersions', method: 'get', path: '/guilds/{guildId}/custom-commands/{commandId}/diff', tags: ['automation'], summary: 'The fields that differ between two versions', access: read, request: { params: CommandParams, query: DiffQuery }, responses: { 200: json(loose('CustomCommandDiff', { from: z.number().int(), to: z.number().int() }), 'OK'), 404: json(Answer, 'COMMAND_NOT_FOUND, VERSION_NOT_FOUND') } }),
    async (c) => {
      const entry = await entryOf(c, c.req.valid('param').commandId);
      const { from, to } = c.req.valid('query');
      const version = (n: number, field: string) => {
        const v = entry.versions.find((x) => x.version === n);
        if (!v) throw new ApiError(404, 'VERSION_NOT_FOUND', `/${entry.definition.name} has no version ${n} (it has 1-${entry.version})`, field);
        return v;
      };
      return c.json({ from, to, changes: diffDefinitions(version(from, 'from').definition, version(to, 'to').definition) }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'rollBackCustomCommand', method: 'post', path: '/guilds/{guildId}/custom-commands/{commandId}/rollback', tags: ['automation'], summary: "Make an earlier version's definition current again (as a new version)", access: write, request: { params: CommandParams, body: { required: true, content: { 'application/json': { schema: RollBackSchema } } } }, responses: { 200: json(Answer, 'Rolled back'), 404: json(Answer, 'COMMAND_NOT_FOUND'), 422: json(Answer, 'VERSION_NOT_FOUND') } }),
    async (c) => {
      const { commandId } = c.req.valid('param');
      const entry = await entryOf(c, commandId);
      const { toVersion } = c.req.valid('json');
      if (!entry.versions.some((v) => v.version === toVersion)) throw new ApiError(400, 'VERSION_NOT_FOUND', `/${entry.definition.name} has no version ${toVersion} (it has 1-${entry.version})`, 'toVersion');
      return send(c, commandId, 'RollBackCustomCommand', { commandId, toVersion });
    },
  );

  return app;
};
