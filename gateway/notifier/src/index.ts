export * from './attempt-outcome.js';
export * from './settings.js';
export * from './templates.js';
export * from './triggers.js';
export * from './email-transport.js';
export * from './discord-transport.js';
export * from './notifier.js';
