export * from './metrics.js';
export * from './ops-server.js';
export * from './checks.js';
export * from './http-metrics.js';
