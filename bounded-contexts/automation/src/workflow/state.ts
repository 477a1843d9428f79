import type { Actor } from '@guildhall/kernel';
import type { WorkflowDefinition } from './definition.js';
import type { WorkflowEvent, WorkflowRunEvent } from './events.js';
import type { ConditionResult, TriggerFact } from './trigger.js';

export type WorkflowVersion = Readonly<{ version: number; definition: WorkflowDefinition; change: 'created' | 'updated' | 'rolled-back'; restoredVersion: number | null; by: Actor; at: string }>;
export type WorkflowEntry = Readonly<{ workflowId: string; definition: WorkflowDefinition; version: number; deleted: boolean; versions: readonly WorkflowVersion[] }>;
export type WorkflowsState = Readonly<{ workflows: Readonly<Record<string, WorkflowEntry>> }>;

export const initialWorkflows = (): WorkflowsState => ({ workflows: {} });

export const liveWorkflows = (s: WorkflowsState): WorkflowEntry[] =>
  Object.values(s.workflows)
    .filter((w) => !w.deleted)
    .sort((a, b) => (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0));

export const evolveWorkflows = (s: WorkflowsState, e: WorkflowEvent): WorkflowsState => {
  const put = (w: WorkflowEntry): WorkflowsState => ({ workflows: { ...s.workflows, [w.workflowId]: w } });
  switch (e.type) {
    case 'WorkflowCreated':
      return put({ workflowId: e.data.workflowId, definition: e.data.definition, version: 1, deleted: false, versions: [{ version: 1, definition: e.data.definition, change: 'created', restoredVersion: null, by: e.data.by, at: e.data.at }] });
    case 'WorkflowUpdated':
    case 'WorkflowRolledBack': {
      const w = s.workflows[e.data.workflowId];
      if (!w) return s;
      const rolledBack = e.type === 'WorkflowRolledBack';
      const v: WorkflowVersion = { version: e.data.version, definition: e.data.definition, change: rolledBack ? 'rolled-back' : 'updated', restoredVersion: rolledBack ? e.data.restoredVersion : null, by: e.data.by, at: e.data.at };
      return put({ ...w, definition: e.data.definition, version: e.data.version, versions: [...w.versions, v] });
    }
    case 'WorkflowDeleted': {
      const w = s.workflows[e.data.workflowId];
      return w ? put({ ...w, deleted: true }) : s;
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

export type RunAction = Readonly<{ actionId: string; kind: 'post' | 'give-role' | 'dm'; status: 'requested' | 'succeeded' | 'failed'; detail: string | null }>;

/** A run's trace, as the dashboard shows it. */
export type WorkflowRunState = Readonly<{
  status: 'none' | 'running' | 'finished';
  runId: string | null;
  workflowId: string | null;
  version: number | null;
  name: string | null;
  trigger: TriggerFact | null;
  startedAt: string | null;
  conditions: readonly ConditionResult[];
  actions: readonly RunAction[];
  matched: boolean | null;
  finishedAt: string | null;
}>;

export const initialWorkflowRun = (): WorkflowRunState => ({ status: 'none', runId: null, workflowId: null, version: null, name: null, trigger: null, startedAt: null, conditions: [], actions: [], matched: null, finishedAt: null });

export const evolveWorkflowRun = (s: WorkflowRunState, e: WorkflowRunEvent): WorkflowRunState => {
  const settle = (actionId: string, status: 'succeeded' | 'failed', detail: string | null): WorkflowRunState => ({
    ...s,
    actions: s.actions.map((a) => (a.actionId === actionId ? { ...a, status, detail } : a)),
  });
  switch (e.type) {
    case 'WorkflowRunStarted':
      return { ...s, status: 'running', runId: e.data.runId, workflowId: e.data.workflowId, version: e.data.version, name: e.data.name, trigger: e.data.trigger, startedAt: e.data.at };
    case 'WorkflowConditionEvaluated': {
      const { runId: _r, ...result } = e.data;
      return { ...s, conditions: [...s.conditions, result] };
    }
    case 'WorkflowActionRequested':
      return { ...s, actions: [...s.actions, { actionId: e.data.actionId, kind: e.data.kind, status: 'requested', detail: null }] };
    case 'WorkflowActionSucceeded':
      return settle(e.data.actionId, 'succeeded', e.data.detail);
    case 'WorkflowActionFailed':
      return settle(e.data.actionId, 'failed', e.data.reason);
    case 'WorkflowRunFinished':
      return { ...s, status: 'finished', matched: e.data.matched, finishedAt: e.data.at };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};
