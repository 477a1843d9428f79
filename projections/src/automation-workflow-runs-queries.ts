import type { WorkflowRunState } from '@guildhall/automation';
import { z } from 'zod';
import { readModel, type Db } from './db.js';
import { GuildIdSchema, LimitSchema, parseQuery } from './query-input.js';

export const ListWorkflowRunsInputSchema = z
  .object({ guildId: GuildIdSchema, workflowId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -'), limit: LimitSchema })
  .strict();

/** A workflow's runs, newest first, each with its whole trace. */
export const listWorkflowRuns = async (db: Db, input: z.input<typeof ListWorkflowRunsInputSchema>): Promise<readonly WorkflowRunState[]> => {
  const f = parseQuery('listWorkflowRuns', ListWorkflowRunsInputSchema, input);
  const { rows } = await db.query<{ trace: WorkflowRunState }>(
    `SELECT trace FROM ${readModel('automation_workflow_runs')}.runs WHERE guild_id = $1 AND workflow_id = $2 ORDER BY seq DESC LIMIT $3`,
    [f.guildId, f.workflowId, f.limit],
  );
  return rows.map((r) => r.trace);
};
