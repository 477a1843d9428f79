import { DeciderSpecification, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import {
  WorkflowDefinitionSchema,
  workflowProblem,
  workflowRunDecider,
  workflowRunSlice,
  workflowsDecider,
  workflowsSlice,
  type TriggerFact,
  type WorkflowDefinitionInput,
  type WorkflowRunEvent,
} from '../src/index.js';

const GUILD = '100000000000000001';
const ADA: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ada' };
const T0 = '2026-03-01T12:00:00.000Z';
const WELCOME = '300000000000000005';
let n = 0;
const envelope = (type: string, payload: unknown): CommandEnvelope => {
  const id = `w-${++n}`;
  return { id, type, issuedAt: T0, guildId: GUILD, actor: ADA, source: 'web', correlationId: id, causationId: null, payload };
};
const def = (over: Partial<WorkflowDefinitionInput> = {}) =>
  WorkflowDefinitionSchema.parse({ name: 'Welcome', trigger: 'member-joined', conditions: [{ field: 'user.bot', op: 'equals', value: 'false' }], actions: [{ kind: 'post', channelId: WELCOME, content: 'Welcome {{user}}!' }, { kind: 'give-role', roleId: '400000000000000001' }], ...over });
const joined = (over: Partial<TriggerFact> = {}): TriggerFact => ({ kind: 'member-joined', sourceId: 'ev-1', userId: '200000000000000009', userName: 'Keen Comet', channelId: null, fields: { 'user.id': '200000000000000009', 'user.name': 'Keen Comet', 'user.bot': 'false', 'member.rejoined': 'false' }, at: T0, ...over });

describe('workflows: definitions', () => {
  const spec = DeciderSpecification.for(workflowsDecider);
  it('are versioned: create, update, roll back; a condition on a field the trigger lacks is refused with the field', () => {
    const create = workflowsSlice.toCommand(envelope('CreateWorkflow', { workflowId: 'wf-1', definition: def() }), T0);
    spec.given([]).when(create).then([{ type: 'WorkflowCreated', data: { workflowId: 'wf-1', version: 1, definition: def(), by: ADA, at: T0 } }]);
    const v2 = def({ name: 'Welcome 2' });
    const history = [{ type: 'WorkflowCreated' as const, data: { workflowId: 'wf-1', version: 1, definition: def(), by: ADA, at: T0 } }, { type: 'WorkflowUpdated' as const, data: { workflowId: 'wf-1', version: 2, definition: v2, by: ADA, at: T0 } }];
    spec.given(history).when(workflowsSlice.toCommand(envelope('RollBackWorkflow', { workflowId: 'wf-1', toVersion: 1 }), T0)).then([{ type: 'WorkflowRolledBack', data: { workflowId: 'wf-1', version: 3, restoredVersion: 1, definition: def(), by: ADA, at: T0 } }]);
    const bad = def({ conditions: [{ field: 'message.content', op: 'contains', value: 'x' }] });
    expect(workflowProblem(bad)).toMatchObject({ code: 'INVALID_DEFINITION', field: 'conditions[0].field' });
    spec.given([]).when(workflowsSlice.toCommand(envelope('CreateWorkflow', { workflowId: 'wf-2', definition: bad }), T0)).thenRejects('INVALID_DEFINITION');
    expect(workflowProblem(def({ actions: [{ kind: 'dm', content: 'hi {{counter.x}}' }] }))).toMatchObject({ code: 'INVALID_TEMPLATE', field: 'actions[0].content' });
    expect(workflowProblem(def({ actions: [{ kind: 'dm', content: 'hi {{user' }] }))).toMatchObject({ code: 'INVALID_TEMPLATE', position: { offset: 3 } });
  });
});

describe('workflows: a run is its trace', () => {
  const spec = DeciderSpecification.for(workflowRunDecider);
  const start = (trigger: TriggerFact) => workflowRunSlice.toCommand(envelope('StartWorkflowRun', { runId: 'run-1', workflowId: 'wf-1', version: 1, definition: def(), trigger, guildName: 'Cozy Corner' }), T0);
  const started: WorkflowRunEvent = { type: 'WorkflowRunStarted', data: { runId: 'run-1', workflowId: 'wf-1', version: 1, name: 'Welcome', trigger: joined(), at: T0 } };
  const condition = (passed: boolean, actual: string): WorkflowRunEvent => ({ type: 'WorkflowConditionEvaluated', data: { runId: 'run-1', index: 0, field: 'user.bot', op: 'equals', expected: 'false', actual, passed } });
  const requested = (index: number, kind: 'post' | 'give-role', extra: Record<string, unknown>): WorkflowRunEvent => ({
    type: 'WorkflowActionRequested',
    data: { runId: 'run-1', actionId: `run-1-${index}`, index, kind, userId: '200000000000000009', channelId: null, roleId: null, content: null, auditLogReason: 'Workflow "Welcome" v1', requestedAt: T0, ...extra },
  });
  const asked = [started, condition(true, 'false'), requested(0, 'post', { channelId: WELCOME, content: 'Welcome <@200000000000000009>!' }), requested(1, 'give-role', { roleId: '400000000000000001' })];

  it('records the start, each condition’s result and the actions asked for, rendered', () => {
    spec.given([]).when(start(joined())).then(asked);
    spec.given(asked).when(start(joined())).then([]);
  });

  it('a condition that fails ends the run unmatched, asking nothing', () => {
    const bot = joined({ fields: { ...joined().fields, 'user.bot': 'true' } });
    spec.given([]).when(start(bot)).then([
      { ...started, data: { ...started.data, trigger: bot } } as WorkflowRunEvent,
      condition(false, 'true'),
      { type: 'WorkflowRunFinished', data: { runId: 'run-1', matched: false, succeeded: 0, failed: 0, at: T0 } },
    ]);
  });

  it('records each action’s outcome once and finishes when all have one', () => {
    const ok = (actionId: string) => workflowRunSlice.toCommand(envelope('RecordWorkflowActionSucceeded', { runId: 'run-1', actionId }), T0);
    const post: WorkflowRunEvent = { type: 'WorkflowActionSucceeded', data: { runId: 'run-1', actionId: 'run-1-0', detail: null, at: T0 } };
    spec.given(asked).when(ok('run-1-0')).then([post]);
    spec.given([...asked, post]).when(ok('run-1-0')).then([]);
    spec.given([...asked, post]).when(workflowRunSlice.toCommand(envelope('RecordWorkflowActionFailed', { runId: 'run-1', actionId: 'run-1-1', reason: 'Missing Permissions', discordErrorCode: 50013, httpStatus: 403 }), T0)).then([
      { type: 'WorkflowActionFailed', data: { runId: 'run-1', actionId: 'run-1-1', reason: 'Missing Permissions', discordErrorCode: 50013, httpStatus: 403, at: T0 } },
      { type: 'WorkflowRunFinished', data: { runId: 'run-1', matched: true, succeeded: 1, failed: 1, at: T0 } },
    ]);
  });
});
