import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Actor } from '@guildhall/kernel';
import type { CustomCommandDefinition, CustomCommandDefinitionInput, FieldChange, WorkflowDefinition, WorkflowDefinitionInput, WorkflowRunState } from '@guildhall/automation';
import { apiGet, apiSend } from './client.js';

export type { CustomCommandDefinition, CustomCommandDefinitionInput, FieldChange, WorkflowDefinition, WorkflowDefinitionInput, WorkflowRunState };

export type CustomCommandView = { commandId: string; version: number; definition: CustomCommandDefinition; runs: number; counters: Record<string, number>; updatedAt: string; updatedBy: Actor };
export type VersionView<D> = { version: number; definition: D; change: 'created' | 'updated' | 'rolled-back'; restoredVersion: number | null; by: Actor; at: string; changes: FieldChange[] };
export type WorkflowView = { workflowId: string; version: number; definition: WorkflowDefinition; updatedAt: string; updatedBy: Actor };
type Saved = { status: string; commandId: string; version: number | null };

/** Keys by resource; definitions come from the event store (no read-model notice), runs from `automation_workflow_runs`. */
export const automationKeys = {
  customCommands: (g: string) => ['custom_commands', g] as const,
  customCommandHistory: (g: string, id: string) => ['custom_commands', g, id, 'history'] as const,
  workflows: (g: string) => ['workflows', g] as const,
  workflowHistory: (g: string, id: string) => ['workflows', g, id, 'history'] as const,
  workflowRuns: (g: string, id: string) => ['automation_workflow_runs', g, id] as const,
};

const cc = (g: string) => `/api/guilds/${g}/custom-commands`;
const wf = (g: string) => `/api/guilds/${g}/workflows`;

export const useCustomCommands = (g: string) => useQuery({ queryKey: automationKeys.customCommands(g), queryFn: () => apiGet<{ commands: CustomCommandView[] }>(cc(g)) });
export const useCustomCommandHistory = (g: string, id: string | null) =>
  useQuery({ queryKey: automationKeys.customCommandHistory(g, id ?? '-'), queryFn: () => apiGet<{ versions: VersionView<CustomCommandDefinition>[] }>(`${cc(g)}/${id}/history`), enabled: id !== null });

/** Create (no id) or save a new version; the list and the history refresh after. */
export const useSaveCustomCommand = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, definition, expectedVersion }: { id: string | null; definition: CustomCommandDefinitionInput; expectedVersion?: number }) =>
      id ? apiSend<Saved>('PUT', `${cc(g)}/${id}`, { ...definition, expectedVersion }) : apiSend<Saved>('POST', cc(g), definition),
    onSettled: () => client.invalidateQueries({ queryKey: automationKeys.customCommands(g) }),
  });
};
export const useRollBackCustomCommand = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, toVersion }: { id: string; toVersion: number }) => apiSend<Saved>('POST', `${cc(g)}/${id}/rollback`, { toVersion }),
    onSettled: () => client.invalidateQueries({ queryKey: automationKeys.customCommands(g) }),
  });
};
export const useDeleteCustomCommand = (g: string) => {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: string) => apiSend<Saved>('DELETE', `${cc(g)}/${id}`), onSettled: () => client.invalidateQueries({ queryKey: automationKeys.customCommands(g) }) });
};

export const useWorkflows = (g: string) => useQuery({ queryKey: automationKeys.workflows(g), queryFn: () => apiGet<{ workflows: WorkflowView[] }>(wf(g)) });
export const useWorkflowHistory = (g: string, id: string | null) =>
  useQuery({ queryKey: automationKeys.workflowHistory(g, id ?? '-'), queryFn: () => apiGet<{ versions: VersionView<WorkflowDefinition>[] }>(`${wf(g)}/${id}/history`), enabled: id !== null });
export const useWorkflowRuns = (g: string, id: string | null) =>
  useQuery({ queryKey: automationKeys.workflowRuns(g, id ?? '-'), queryFn: () => apiGet<{ runs: WorkflowRunState[] }>(`${wf(g)}/${id}/runs?limit=20`), enabled: id !== null });
export const useSaveWorkflow = (g: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, definition, expectedVersion }: { id: string | null; definition: WorkflowDefinitionInput; expectedVersion?: number }) =>
      id ? apiSend<Saved>('PUT', `${wf(g)}/${id}`, { ...definition, expectedVersion }) : apiSend<Saved>('POST', wf(g), definition),
    onSettled: () => client.invalidateQueries({ queryKey: automationKeys.workflows(g) }),
  });
};
