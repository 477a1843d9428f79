import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { evolveWorkflowRun, initialWorkflowRun, parseWorkflowRunEvent, type WorkflowRunState } from '@guildhall/automation';
import type { PoolClient } from 'pg';

/**
 * Read model `automation_workflow_runs`: each run of a guild's workflows with its trace (the
 * trigger, each condition's result, each action's outcome), folded by the context's own
 * `evolveWorkflowRun`, so the dashboard shows exactly what the run's stream holds.
 */
export const AUTOMATION_WORKFLOW_RUNS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.runs (
  guild_id text NOT NULL,
  run_id text NOT NULL,
  workflow_id text NOT NULL,
  seq bigint NOT NULL,
  status text NOT NULL,
  matched boolean,
  started_at timestamptz NOT NULL,
  trace jsonb NOT NULL,
  PRIMARY KEY (guild_id, run_id)
);
CREATE INDEX runs_by_workflow ON ${s}.runs (guild_id, workflow_id, seq DESC);
`;

const apply = async (events: readonly EventEnvelope[], client: PoolClient, s: string): Promise<void> => {
  // A run's start and its first outcomes often share a batch: each event in order on the row's trace.
  for (const envelope of events) {
    const e = parseWorkflowRunEvent(envelope);
    if (!e) continue;
    const key = [envelope.guildId, e.data.runId];
    if (e.type === 'WorkflowRunStarted') {
      const trace = evolveWorkflowRun(initialWorkflowRun(), e);
      await client.query(
        `INSERT INTO ${s}.runs (guild_id, run_id, workflow_id, seq, status, matched, started_at, trace) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) ON CONFLICT DO NOTHING`,
        [...key, e.data.workflowId, envelope.position, trace.status, e.data.at, JSON.stringify(trace)],
      );
      continue;
    }
    const { rows } = await client.query<{ trace: WorkflowRunState }>(`SELECT trace FROM ${s}.runs WHERE guild_id = $1 AND run_id = $2`, key);
    if (!rows[0]) continue;
    const trace = evolveWorkflowRun(rows[0].trace, e);
    await client.query(`UPDATE ${s}.runs SET trace = $3, status = $4, matched = $5 WHERE guild_id = $1 AND run_id = $2`, [...key, JSON.stringify(trace), trace.status, trace.matched]);
  }
};

export const automationWorkflowRunsProjection: Projection = {
  name: 'automation_workflow_runs',
  migrations: [AUTOMATION_WORKFLOW_RUNS_MIGRATION_V1],
  eventTypes: ['WorkflowRunStarted', 'WorkflowConditionEvaluated', 'WorkflowActionRequested', 'WorkflowActionSucceeded', 'WorkflowActionFailed', 'WorkflowRunFinished'],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
