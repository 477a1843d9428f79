/** The automation service's moving parts, for its main and for other packages' test stacks (`@guildhall/automation/runtime`). */
export * from './automation-part.js';
export * from './parts.js';
export * from './start-parts.js';
export * from './schedule-scheduler.js';
export * from './schedule-runner.js';
export * from './schedule-timers-projection.js';
export * from './schedule-timers-queries.js';
export * from './fire-command.js';
