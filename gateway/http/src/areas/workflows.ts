import { diffDefinitions, liveWorkflows, WorkflowDefinitionSchema, workflowProblem, workflowsAggregate, workflowsStreamId, type WorkflowDefinition, type WorkflowEntry } from '@guildhall/automation';
import { aggregateStream } from '@guildhall/eventing';
import { newId } from '@guildhall/kernel';
import { listWorkflowRuns } from '@guildhall/projections';
import type { Context } from 'hono';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json, loose } from '../api/schemas.js';
import { intParam } from '../api/query-params.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import { actionProblem } from '../queries/bot-capabilities.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';

const WorkflowParams = GuildParams.extend({ workflowId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ -') });
const UpdateWorkflowSchema = WorkflowDefinitionSchema.extend({ expectedVersion: z.number().int().min(1).nullable().optional() });
const RollBackSchema = z.object({ toVersion: z.number().int().min(1) });
const RunsQuery = z.object({ limit: intParam.optional() }).strict();
const Empty = z.object({}).strict();
const WorkflowView = loose('Workflow', { workflowId: z.string(), version: z.number().int() });
const Answer = loose('WorkflowAnswer', { commandId: z.string(), status: z.string(), workflowId: z.string() });

const viewOf = (w: WorkflowEntry) => ({ workflowId: w.workflowId, version: w.version, definition: w.definition, updatedAt: w.versions.at(-1)!.at, updatedBy: w.versions.at(-1)!.by });

const refuseProblems = (d: WorkflowDefinition): void => {
  const p = workflowProblem(d);
  if (p) throw new ApiError(400, p.code, p.reason, p.field, p.position ? { ...p.position, templateCode: p.templateCode } : undefined);
};

/**
 * Workflows of a guild ("when <trigger> and <conditions> then <actions>"), at
 * `/api/guilds/{guildId}/workflows`: list, create, update, delete, history, roll back, runs
 * (each with its trace, from the `automation_workflow_runs` read model).
 */
export const workflowsArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_COMMAND' });
  const read = guildRule('moderator', 'automation:write');
  const write = guildRule('admin', 'automation:write');

  const stateOf = async (c: Context<AppEnv>) => (await aggregateStream(deps.store, workflowsStreamId(c.var.guild.id), workflowsAggregate)).state;
  const entryOf = async (c: Context<AppEnv>, id: string): Promise<WorkflowEntry> => {
    const w = (await stateOf(c)).workflows[id];
    if (!w || w.deleted) throw new ApiError(404, 'WORKFLOW_NOT_FOUND', `no workflow ${id} in this server`, 'workflowId');
    return w;
  };
  /** An action the bot could not carry out is refused at save (400 naming the action's field), so nothing fails half-way later. */
  const refuseUnable = async (c: Context<AppEnv>, actions: readonly { kind: string; roleId?: string; channelId?: string }[]): Promise<void> => {
    const p = await actionProblem(deps.store, c.var.guild.id, deps.botStatus.latest()?.botUser?.id ?? null, actions);
    if (p) throw new ApiError(400, p.code, p.reason, p.field);
  };
  const send = async (c: Context<AppEnv>, workflowId: string, type: string, payload: unknown, created = false) => {
    const sent = await sendCommand(c, deps, { context: 'automation', type, payload });
    if (sent.result.status !== 'accepted') return commandAnswer(c, sent);
    const w = (await stateOf(c)).workflows[workflowId];
    return c.json({ commandId: sent.commandId, correlationId: sent.correlationId, status: 'accepted' as const, workflowId, version: w?.version ?? null, workflow: w ? viewOf(w) : null }, created ? 201 : 200);
  };
  const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

  app.openapi(
    apiRoute(deps, { operationId: 'listWorkflows', method: 'get', path: '/guilds/{guildId}/workflows', tags: ['automation'], summary: "The guild's workflows", access: read, request: { params: GuildParams, query: Empty }, responses: { 200: json(z.object({ workflows: z.array(WorkflowView).readonly() }), 'OK') } }),
    async (c) => c.json({ workflows: liveWorkflows(await stateOf(c)).map(viewOf) }, 200),
  );

  app.openapi(
    apiRoute(deps, { operationId: 'createWorkflow', method: 'post', path: '/guilds/{guildId}/workflows', tags: ['automation'], summary: 'Define a workflow: when <trigger> and <conditions> then <actions>', access: write, request: { params: GuildParams, body: body(WorkflowDefinitionSchema) }, responses: { 201: json(Answer, 'Created'), 202: json(Answer, 'Still deciding'), 422: json(Answer, 'Refused') } }),
    async (c) => {
      const definition = c.req.valid('json');
      refuseProblems(definition);
      await refuseUnable(c, definition.actions);
      const id = newId().replace(/[^A-Za-z0-9_-]/g, '');
      return send(c, id, 'CreateWorkflow', { workflowId: id, definition }, true);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'updateWorkflow', method: 'put', path: '/guilds/{guildId}/workflows/{workflowId}', tags: ['automation'], summary: 'Save a new version of a workflow', access: write, request: { params: WorkflowParams, body: body(UpdateWorkflowSchema) }, responses: { 200: json(Answer, 'Saved'), 404: json(Answer, 'WORKFLOW_NOT_FOUND'), 409: json(Answer, 'VERSION_CONFLICT'), 422: json(Answer, 'Refused') } }),
    async (c) => {
      const { workflowId } = c.req.valid('param');
      const { expectedVersion, ...definition } = c.req.valid('json');
      refuseProblems(definition);
      await refuseUnable(c, definition.actions);
      await entryOf(c, workflowId);
      return send(c, workflowId, 'UpdateWorkflow', { workflowId, definition, expectedVersion: expectedVersion ?? null });
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'deleteWorkflow', method: 'delete', path: '/guilds/{guildId}/workflows/{workflowId}', tags: ['automation'], summary: 'Delete a workflow (its history and runs stay)', access: write, request: { params: WorkflowParams }, responses: { 200: json(Answer, 'Deleted'), 404: json(Answer, 'WORKFLOW_NOT_FOUND') } }),
    async (c) => {
      const { workflowId } = c.req.valid('param');
      await entryOf(c, workflowId);
      return send(c, workflowId, 'DeleteWorkflow', { workflowId });
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listWorkflowHistory', method: 'get', path: '/guilds/{guildId}/workflows/{workflowId}/history', tags: ['automation'], summary: 'Every version with what changed (newest first)', access: read, request: { params: WorkflowParams, query: Empty }, responses: { 200: json(z.object({ versions: z.array(loose('WorkflowVersion', { version: z.number().int() })).readonly() }), 'OK'), 404: json(Answer, 'WORKFLOW_NOT_FOUND') } }),
    async (c) => {
      const w = await entryOf(c, c.req.valid('param').workflowId);
      const versions = w.versions.map((v, i) => ({ ...v, changes: i === 0 ? [] : diffDefinitions(w.versions[i - 1]!.definition, v.definition) }));
      return c.json({ versions: versions.reverse() }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'rollBackWorkflow', method: 'post', path: '/guilds/{guildId}/workflows/{workflowId}/rollback', tags: ['automation'], summary: "Make an earlier version's definition current again", access: write, request: { params: WorkflowParams, body: body(RollBackSchema) }, responses: { 200: json(Answer, 'Rolled back'), 404: json(Answer, 'WORKFLOW_NOT_FOUND') } }),
    async (c) => {
      const { workflowId } = c.req.valid('param');
      const w = await entryOf(c, workflowId);
      const { toVersion } = c.req.valid('json');
      if (!w.versions.some((v) => v.version === toVersion)) throw new ApiError(400, 'VERSION_NOT_FOUND', `"${w.definition.name}" has no version ${toVersion} (it has 1-${w.version})`, 'toVersion');
      return send(c, workflowId, 'RollBackWorkflow', { workflowId, toVersion });
    },
  );

  app.openapi(
    apiRoute(deps, { operationId: 'listWorkflowRuns', method: 'get', path: '/guilds/{guildId}/workflows/{workflowId}/runs', tags: ['automation'], summary: 'Runs, newest first, each with its trace: trigger, condition results, action outcomes', access: read, request: { params: WorkflowParams, query: RunsQuery }, responses: { 200: json(z.object({ runs: z.array(loose('WorkflowRun', { runId: z.string().nullable() })).readonly() }), 'OK') } }),
    async (c) => c.json({ runs: await listWorkflowRuns(deps.pool, { guildId: c.var.guild.id, workflowId: c.req.valid('param').workflowId, ...c.req.valid('query') }) }, 200),
  );

  return app;
};
