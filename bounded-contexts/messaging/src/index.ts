export * from './discord-limits.js';
export * from './embed.js';
export * from './stream-ids.js';
export * from './messaging-errors.js';
export * from './outgoing-message-messages.js';
export * from './outgoing-message-decider.js';
export * from './command-routing.js';
