export * from './appeals-service.js';
export * from './appeals-workflow.js';
export * from './reminder-sweep.js';
export * from './reminder-schedule-projection.js';
