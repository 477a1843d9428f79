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
export * from './automod-rule/rule-schema.js';
export * from './automod-rule/observation.js';
export * from './automod-rule/guild-window.js';
export * from './automod-rule/evaluate.js';
export * from './automod-rule/errors.js';
export * from './automod-rule/commands.js';
export * from './automod-rule/events.js';
export * from './automod-rule/state.js';
export * from './automod-rule/decider.js';
export * from './automod-rule/routing.js';
export * from './automod-hits/commands.js';
export * from './automod-hits/events.js';
export * from './automod-hits/state.js';
export * from './automod-hits/decider.js';
export * from './automod-hits/routing.js';
export * from './schedule/run-action.js';
