// Automation: scheduled actions (schedule/), custom commands (custom-command/), automod rules
// (automod-rule/) and workflows (workflow/), one folder per aggregate. The root stays pure.
export * from './context.js';
export * from './stream-ids.js';
export * from './schedule/schedule-schemas.js';
export * from './schedule/errors.js';
export * from './schedule/timing.js';
export * from './schedule/commands.js';
export * from './schedule/events.js';
export * from './schedule/state.js';
export * from './schedule/decider.js';
export * from './schedule/routing.js';
