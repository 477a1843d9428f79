import { deciderSlice, eventFromEnvelope, streamAggregate, type EventEnvelope, type StreamAggregate } from '@guildhall/kernel';
import { workflowRunStreamId, workflowsStreamId } from '../custom-command/stream-ids.js';
import { workflowCommands, workflowRunCommands } from './commands.js';
import { workflowRunDecider, workflowsDecider } from './decider.js';
import { workflowEvents, workflowRunEvents, type WorkflowEvent, type WorkflowRunEvent } from './events.js';
import type { WorkflowRunState, WorkflowsState } from './state.js';

export const workflowsSlice = deciderSlice(workflowCommands, workflowsDecider, (c) => workflowsStreamId(c.meta.guildId));
export const workflowRunSlice = deciderSlice(workflowRunCommands, workflowRunDecider, (c) => workflowRunStreamId(c.meta.guildId, c.data.runId));

type Stored = Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>;
export const parseWorkflowEvent = (e: Stored): WorkflowEvent | undefined => eventFromEnvelope(workflowEvents, e);
export const parseWorkflowRunEvent = (e: Stored): WorkflowRunEvent | undefined => eventFromEnvelope(workflowRunEvents, e);

export const workflowsAggregate: StreamAggregate<WorkflowsState, WorkflowEvent> = streamAggregate(workflowsDecider, workflowEvents);
export const workflowRunAggregate: StreamAggregate<WorkflowRunState, WorkflowRunEvent> = streamAggregate(workflowRunDecider, workflowRunEvents);
