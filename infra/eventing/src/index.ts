export * from './event-store/event-store.js';
export * from './event-store/jetstream-event-store.js';
export * from './event-store/in-memory-event-store.js';
export * from './projection/projection.js';
export * from './settings.js';
export * from './logger.js';
export * from './nats-connection.js';
export * from './command-bus/index.js';
