export * from './timer-scheduler.js';
