export * from './envelope.js';
export * from './messages.js';
export * from './decider.js';
export * from './errors.js';
export * from './ids.js';
export * from './stream-id.js';
export * from './decider-specification.js';
export * from './message-schemas.js';
