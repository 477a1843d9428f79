// Automation: scheduled actions (schedule/), custom commands (custom-command/), automod rules
// (automod-rule/) and workflows (workflow/), one folder per aggregate. The root stays pure.
export const AUTOMATION_CONTEXT = 'automation' as const;
export * from './custom-command/field-schemas.js';
export * from './custom-command/errors.js';
export * from './custom-command/stream-ids.js';
export * from './custom-command/definition-diff.js';
export * from './template/index.js';
export * from './custom-command/definition.js';
export * from './custom-command/commands.js';
export * from './custom-command/events.js';
export * from './custom-command/state.js';
export * from './custom-command/decider.js';
export * from './custom-command/slice.js';
export * from './workflow/definition.js';
export * from './workflow/trigger.js';
export * from './workflow/commands.js';
export * from './workflow/events.js';
export * from './workflow/state.js';
export * from './workflow/decider.js';
export * from './workflow/slice.js';
export * from './workflow/trigger-sources.js';
