import { sliceHandler, type AnyDeciderSlice, type CommandBus, type CommandConsumer, type CommandHandlerFn, type EventStore, type HandleOptions } from '@guildhall/eventing';
import { AUTOMATION_CONTEXT } from './context.js';
import { automodHitsSlice } from './automod-hits/routing.js';
import { automodRuleSlice } from './automod-rule/routing.js';
import { scheduleSlice } from './schedule/routing.js';
import { customCommandsSlice } from './custom-command/slice.js';
import { workflowRunSlice, workflowsSlice } from './workflow/slice.js';

/**
 * Every automation aggregate's slice, one line each (schedules, custom commands, automod rules,
 * workflows): the `cmd.automation.*` handler routes a command to the slice that owns its type.
 */
export const automationSlices: readonly AnyDeciderSlice[] = [scheduleSlice, customCommandsSlice, workflowsSlice, workflowRunSlice, automodRuleSlice, automodHitsSlice];

export const automationHandler = (store: EventStore): CommandHandlerFn => sliceHandler(store, automationSlices);

/** Handles `cmd.automation.*` on the bus. Import from `@guildhall/automation/handler` (the root stays pure). */
export const register = (bus: CommandBus, store: EventStore, options?: HandleOptions): Promise<CommandConsumer> =>
  bus.handle(AUTOMATION_CONTEXT, automationHandler(store), options);
