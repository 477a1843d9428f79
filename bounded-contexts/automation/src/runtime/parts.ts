import { automodPart } from '../automod-runtime/automod-part.js';
import type { AutomationPart } from './automation-part.js';
import { scheduleRunnerPart } from './schedule-runner.js';
import { scheduleSchedulerPart } from './schedule-scheduler.js';
import { workflowPart } from '../workflow/workflow-reactor.js';

/**
 * The parts the automation service runs beside its command handler, one line each, started in
 * this order and stopped in the reverse order.
 */
export const automationParts: readonly AutomationPart[] = [scheduleRunnerPart, scheduleSchedulerPart, workflowPart, automodPart()];
