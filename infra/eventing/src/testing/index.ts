/**
 * Test support for packages that run on the real NATS server (`@guildhall/eventing/testing`).
 * Not in the package root: production code never needs it.
 */
export * from './nats-test-names.js';
export * from './bus-test-world.js';
export * from './eventually.js';
export * from './private-nats.js';
export * from './test-database.js';
