export * from './levels.js';
export * from './stream-ids.js';
export * from './access-errors.js';
export * from './guild-access/commands.js';
export * from './guild-access/events.js';
export * from './guild-access/state.js';
export * from './guild-access/decider.js';
export * from './routing.js';
