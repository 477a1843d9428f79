import type { HandlerOutcome } from '@guildhall/eventing';
import { automationHandler } from '@guildhall/automation/handler';
import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationWorkflowRunsProjection, listWorkflowRuns } from '../src/index.js';
import { createTestWorld, rebuildAndSnapshot, type TestWorld } from './support/world.js';

const G1 = '100000000000000001';
const WF: Actor = { kind: 'automation', id: 'wf-1', name: 'Workflow "Welcome"' };
const BOT: Actor = { kind: 'system', id: 'guildhall-discord-bot', name: 'Guildhall bot' };
const T0 = '2026-03-01T12:00:00.000Z';
const definition = { name: 'Welcome', trigger: 'member-joined', conditions: [{ field: 'user.bot', op: 'equals', value: 'false' }], actions: [{ kind: 'post', channelId: '300000000000000005', content: 'Welcome {{user}}' }, { kind: 'give-role', roleId: '400000000000000001' }] };
const trigger = (id: string, bot: boolean) => ({ kind: 'member-joined', sourceId: id, userId: '200000000000000009', userName: 'Keen Comet', channelId: null, fields: { 'user.id': '200000000000000009', 'user.bot': String(bot) }, at: T0 });

let world: TestWorld;
let handle: (e: CommandEnvelope) => Promise<HandlerOutcome>;
let n = 0;
const send = async (type: string, payload: unknown, actor: Actor = WF): Promise<void> => {
  const id = deterministicId('workflow-runs-rm-test', ++n);
  const result = await handle({ id, type, issuedAt: T0, guildId: G1, actor, source: 'discord', correlationId: id, causationId: null, payload });
  if (result.status !== 'accepted') throw new Error(`${type} ${result.status}: ${JSON.stringify(result)}`);
};

beforeAll(async () => {
  world = await createTestWorld('wfruns');
  handle = automationHandler(world.store);
  await world.startRunners([automationWorkflowRunsProjection]);
  await send('StartWorkflowRun', { runId: 'run-a', workflowId: 'wf-1', version: 1, definition, trigger: trigger('ev-1', false) });
  await send('RecordWorkflowActionSucceeded', { runId: 'run-a', actionId: 'run-a-0', detail: 'sent through messaging' });
  await send('RecordWorkflowActionFailed', { runId: 'run-a', actionId: 'run-a-1', reason: 'Missing Permissions', discordErrorCode: 50013, httpStatus: 403 }, BOT);
  await send('StartWorkflowRun', { runId: 'run-b', workflowId: 'wf-1', version: 1, definition, trigger: trigger('ev-2', true) });
  await world.caughtUp();
}, 90_000);

afterAll(async () => {
  await world?.dispose();
}, 30_000);

describe('automation_workflow_runs read model (real NATS + PostgreSQL)', { timeout: 60_000 }, () => {
  it('lists a workflow’s runs newest first with their whole trace', async () => {
    const runs = await listWorkflowRuns(world.pool, { guildId: G1, workflowId: 'wf-1' });
    expect(runs.map((r) => [r.runId, r.status, r.matched])).toEqual([['run-b', 'finished', false], ['run-a', 'finished', true]]);
    expect(runs[1]!.conditions).toEqual([{ index: 0, field: 'user.bot', op: 'equals', expected: 'false', actual: 'false', passed: true }]);
    expect(runs[1]!.actions).toEqual([
      { actionId: 'run-a-0', kind: 'post', status: 'succeeded', detail: 'sent through messaging' },
      { actionId: 'run-a-1', kind: 'give-role', status: 'failed', detail: 'Missing Permissions' },
    ]);
    expect(runs[0]!.actions).toEqual([]);
  });

  it('refuses bad query input with INVALID_QUERY', async () => {
    await expect(listWorkflowRuns(world.pool, { guildId: G1, workflowId: 'a.b' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('rebuilds into identical rows', async () => {
    const { before, after } = await rebuildAndSnapshot(world, automationWorkflowRunsProjection, { runs: 'guild_id, run_id' });
    expect(before.runs!.length).toBe(2);
    expect(after).toEqual(before);
  });
});
