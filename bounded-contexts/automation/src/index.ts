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
