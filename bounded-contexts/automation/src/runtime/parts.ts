import type { AutomationPart } from './automation-part.js';

/**
 * The parts the automation service runs beside its command handler, one line each, started in
 * this order and stopped in the reverse order.
 */
export const automationParts: readonly AutomationPart[] = [];
