import type { Decider } from '@guildhall/kernel';
import { AutomationErrorCodes as E, reject } from '../custom-command/errors.js';
import { renderTemplate, type RenderContext } from '../template/render.js';
import type { WorkflowCommand, WorkflowRunCommand } from './commands.js';
import { checkedWorkflowTemplates, workflowProblem, type WorkflowDefinition } from './definition.js';
import type { WorkflowEvent, WorkflowRunEvent } from './events.js';
import { evolveWorkflowRun, evolveWorkflows, initialWorkflowRun, initialWorkflows, type WorkflowEntry, type WorkflowRunState, type WorkflowsState } from './state.js';
import { evaluateConditions } from './trigger.js';

const same = (a: WorkflowDefinition, b: WorkflowDefinition): boolean => JSON.stringify(a) === JSON.stringify(b);

const valid = (d: WorkflowDefinition): void => {
  const p = workflowProblem(d);
  if (p) reject(p.code, `${p.field}: ${p.reason}`, { field: p.field, reason: p.reason, ...(p.position ? { position: p.position, templateCode: p.templateCode } : {}) });
};

const live = (s: WorkflowsState, id: string): WorkflowEntry => {
  const w = s.workflows[id];
  if (!w || w.deleted) return reject(E.WORKFLOW_NOT_FOUND, `no workflow ${id} in this server`, { workflowId: id });
  return w;
};

export const decideWorkflows = (c: WorkflowCommand, s: WorkflowsState): WorkflowEvent[] => {
  const meta = { by: c.meta.actor, at: c.meta.now };
  switch (c.type) {
    case 'CreateWorkflow': {
      const known = s.workflows[c.data.workflowId];
      if (known) return !known.deleted && same(known.versions[0]!.definition, c.data.definition) ? [] : reject(E.ALREADY_EXISTS, `the workflow ${c.data.workflowId} exists already`);
      valid(c.data.definition);
      return [{ type: 'WorkflowCreated', data: { workflowId: c.data.workflowId, version: 1, definition: c.data.definition, ...meta } }];
    }
    case 'UpdateWorkflow': {
      const w = live(s, c.data.workflowId);
      if (c.data.expectedVersion !== null && c.data.expectedVersion !== w.version) reject(E.VERSION_CONFLICT, `version ${w.version} was saved since version ${c.data.expectedVersion}; reload and edit again`, { currentVersion: w.version });
      if (same(w.definition, c.data.definition)) return [];
      valid(c.data.definition);
      return [{ type: 'WorkflowUpdated', data: { workflowId: w.workflowId, version: w.version + 1, definition: c.data.definition, ...meta } }];
    }
    case 'RollBackWorkflow': {
      const w = live(s, c.data.workflowId);
      const target = w.versions.find((v) => v.version === c.data.toVersion);
      if (!target) return reject(E.VERSION_NOT_FOUND, `"${w.definition.name}" has no version ${c.data.toVersion}`, { field: 'toVersion' });
      if (same(w.definition, target.definition)) return [];
      return [{ type: 'WorkflowRolledBack', data: { workflowId: w.workflowId, version: w.version + 1, restoredVersion: target.version, definition: target.definition, ...meta } }];
    }
    case 'DeleteWorkflow': {
      const w = s.workflows[c.data.workflowId];
      if (!w) return reject(E.WORKFLOW_NOT_FOUND, `no workflow ${c.data.workflowId} in this server`);
      return w.deleted ? [] : [{ type: 'WorkflowDeleted', data: { workflowId: w.workflowId, name: w.definition.name, ...meta } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const workflowsDecider: Decider<WorkflowsState, WorkflowCommand, WorkflowEvent> = { decide: decideWorkflows, evolve: evolveWorkflows, initialState: initialWorkflows };

/** After an outcome: the run finishes once every action has one. */
const finishIfDone = (s: WorkflowRunState, out: WorkflowRunEvent[], now: string): WorkflowRunEvent[] => {
  const after = out.reduce(evolveWorkflowRun, s);
  if (after.status !== 'running' || after.actions.some((a) => a.status === 'requested')) return out;
  const succeeded = after.actions.filter((a) => a.status === 'succeeded').length;
  return [...out, { type: 'WorkflowRunFinished', data: { runId: after.runId!, matched: true, succeeded, failed: after.actions.length - succeeded, at: now } }];
};

const startRun = (c: Extract<WorkflowRunCommand, { type: 'StartWorkflowRun' }>, s: WorkflowRunState): WorkflowRunEvent[] => {
  if (s.status !== 'none') return [];
  const { runId, workflowId, version, definition: d, trigger } = c.data;
  const out: WorkflowRunEvent[] = [{ type: 'WorkflowRunStarted', data: { runId, workflowId, version, name: d.name, trigger, at: c.meta.now } }];
  const results = evaluateConditions(d.conditions, trigger);
  out.push(...results.map((r): WorkflowRunEvent => ({ type: 'WorkflowConditionEvaluated', data: { runId, ...r } })));
  if (!results.every((r) => r.passed)) return [...out, { type: 'WorkflowRunFinished', data: { runId, matched: false, succeeded: 0, failed: 0, at: c.meta.now } }];
  const templates = checkedWorkflowTemplates(d);
  const ctx: RenderContext = { user: { id: trigger.userId, name: trigger.userName }, channelId: trigger.channelId ?? '0', guildName: c.data.guildName, options: {}, counters: {} };
  const reason = `Workflow "${d.name}" v${version}`.slice(0, 512);
  d.actions.forEach((a, index) => {
    const content = a.kind === 'give-role' ? null : renderTemplate(templates.get(`actions[${index}].content`)!, ctx);
    out.push({
      type: 'WorkflowActionRequested',
      data: { runId, actionId: `${runId}-${index}`, index, kind: a.kind, userId: trigger.userId, channelId: a.kind === 'post' ? a.channelId : null, roleId: a.kind === 'give-role' ? a.roleId : null, content, auditLogReason: reason, requestedAt: c.meta.now },
    });
  });
  return out;
};

export const decideWorkflowRun = (c: WorkflowRunCommand, s: WorkflowRunState): WorkflowRunEvent[] => {
  switch (c.type) {
    case 'StartWorkflowRun':
      return startRun(c, s);
    case 'RecordWorkflowActionSucceeded':
    case 'RecordWorkflowActionFailed': {
      const a = s.actions.find((x) => x.actionId === c.data.actionId);
      if (!a || a.status !== 'requested' || !s.runId) return [];
      const e: WorkflowRunEvent =
        c.type === 'RecordWorkflowActionSucceeded'
          ? { type: 'WorkflowActionSucceeded', data: { runId: s.runId, actionId: a.actionId, detail: c.data.detail, at: c.meta.now } }
          : { type: 'WorkflowActionFailed', data: { runId: s.runId, actionId: a.actionId, reason: c.data.reason, discordErrorCode: c.data.discordErrorCode, httpStatus: c.data.httpStatus, at: c.meta.now } };
      return finishIfDone(s, [e], c.meta.now);
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const workflowRunDecider: Decider<WorkflowRunState, WorkflowRunCommand, WorkflowRunEvent> = { decide: decideWorkflowRun, evolve: evolveWorkflowRun, initialState: initialWorkflowRun };
