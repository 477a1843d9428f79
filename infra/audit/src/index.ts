export * from './settings.js';
export * from './witness.js';
export * from './verification-job.js';
